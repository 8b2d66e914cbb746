"""Function URL handlers in Python for tests/emulate_function_url.rs."""
import base64
import json


def buffered(event, context):
    path = event.get("rawPath")
    if path == "/infer":
        return {"from": "python"}
    if path == "/binary":
        return {
            "statusCode": 200,
            "headers": {"content-type": "application/octet-stream"},
            "body": base64.b64encode(b"\x00\x01\x02").decode(),
            "isBase64Encoded": True,
        }
    if path == "/cookies":
        return {"statusCode": 202, "cookies": ["p=1", "q=2"], "body": "py"}
    if path == "/error":
        raise ValueError("python failed")
    if path == "/not-json":
        return {1, 2}
    return {"statusCode": 200, "body": json.dumps(event)}
