import json


def echo(event, context):
    # the target group has multi-value headers: the response uses multiValueHeaders
    return {
        "statusCode": 201,
        "statusDescription": "201 Created",
        "isBase64Encoded": False,
        "multiValueHeaders": {
            "Set-Cookie": ["a=1", "b=2"],
            "Content-Type": ["application/json"],
        },
        # ignored: the target group uses multi-value headers
        "headers": {"X-Ignored": "yes"},
        "body": json.dumps({"runtime": "python", "function": context.function_name, "event": event}),
    }
