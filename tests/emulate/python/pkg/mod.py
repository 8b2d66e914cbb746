def handler(event, context):
    return "nested:" + str(event)
