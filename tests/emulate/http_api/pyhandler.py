import base64


def echo(event, context):
    # no statusCode: API Gateway infers a 200 JSON response from the dict
    body = event.get("body")
    if body is not None and event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("latin-1")
    return {
        "runtime": "python",
        "routeKey": event["routeKey"],
        "rawPath": event["rawPath"],
        "pathParameters": event.get("pathParameters"),
        "query": event.get("queryStringParameters"),
        "cookies": event.get("cookies"),
        "body": body,
        "isBase64Encoded": event["isBase64Encoded"],
        "function": context.function_name,
    }


def explicit(event, context):
    return {
        "statusCode": 201,
        "headers": {"content-type": "text/plain"},
        "cookies": ["session=abc; HttpOnly"],
        "body": "created by python",
    }
