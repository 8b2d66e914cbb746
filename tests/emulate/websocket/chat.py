"""The chat's `send` route (tests/emulate_websocket.rs): every connection in CHAT_DB gets the
message through the @connections API, with boto3 as a deployed handler would; the endpoint
comes from the event (`http://` locally, where the emulator sets IS_OFFLINE)."""

import json
import os

import boto3


def send(event, context):
    rc = event["requestContext"]
    scheme = "http" if os.environ.get("IS_OFFLINE") else "https"
    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=f"{scheme}://{rc['domainName']}/{rc['stage']}",
    )
    text = json.loads(event["body"]).get("text", "")
    line = f"{rc['authorizer']['user']}: {text}"
    with open(os.environ["CHAT_DB"]) as f:
        ids = [i.strip() for i in f if i.strip()]
    gone = 0
    for connection_id in ids:
        try:
            client.post_to_connection(ConnectionId=connection_id, Data=line.encode())
        except client.exceptions.GoneException:
            gone += 1
    print(f"SENT to {len(ids) - gone} gone {gone}")
    return {"statusCode": 200}
