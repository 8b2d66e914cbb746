import json
import os


def handler(event, context):
    return {
        "statusCode": 200,
        "body": json.dumps({
            "name": event["pathParameters"]["name"],
            "query": event["multiValueQueryStringParameters"],
            "function": context.function_name,
            "greeting": os.environ.get("GREETING"),
        }),
    }
