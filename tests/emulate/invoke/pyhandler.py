import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def echo(event, context):
    logger.info("python echo called")
    return {"event": event, "IS_LOCAL": os.environ.get("IS_LOCAL")}


class Declined(Exception):
    pass


def fails(event, context):
    raise Declined("no funds")
