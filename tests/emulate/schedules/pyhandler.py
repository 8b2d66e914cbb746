import json


def tick(event, context):
    print("EVENT " + context.function_name + " " + json.dumps(event, separators=(",", ":")))
    return {"handled": context.function_name, "runtime": "python"}
