import os
import time

counter = 0


def ok(event, context):
    global counter
    counter += 1
    return {"kind": "python", "event": event, "counter": counter, "pid": os.getpid(),
            "env": os.environ.get("PROVIDER_VAR")}


def ctx(event, context):
    before = context.get_remaining_time_in_millis()
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "before": before,
    }


class NotFound(Exception):
    pass


def error(event, context):
    raise NotFound("[404] no such thing")


def slow(event, context):
    time.sleep(event.get("s", 0))
    return {"pid": os.getpid()}


def client_context(event, context):
    c = context.client_context
    return {"custom": c.custom, "client": c.client} if c else None
