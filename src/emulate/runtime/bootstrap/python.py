# slsc emulate: Python runtime for `python3.*` functions. Speaks the Lambda Runtime API at
# AWS_LAMBDA_RUNTIME_API and runs the handler named by _HANDLER from LAMBDA_TASK_ROOT.
# Standard library only.
import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

BASE = "/2018-06-01/runtime"
_host, _, _port = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001").partition(":")
_socket_path = os.environ.get("SLSC_RUNTIME_API_SOCKET")
_conn = None


class _UnixConnection(http.client.HTTPConnection):
    """The same API over the Unix socket slsc offers its own bootstraps (cheaper than TCP)."""

    def connect(self):
        import socket
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(_socket_path)


def _call(method, path, body=None, headers=None):
    global _conn
    for attempt in (0, 1):
        try:
            if _conn is None:
                if _socket_path:
                    _conn = _UnixConnection(_host, int(_port))
                else:
                    _conn = http.client.HTTPConnection(_host, int(_port))
            _conn.request(method, BASE + path, body=body, headers=headers or {})
            r = _conn.getresponse()
            return r.status, r.getheaders(), r.read()
        except (http.client.HTTPException, ConnectionError):
            _conn = None
            if attempt:
                raise


def _post_error(path, payload):
    body = json.dumps(payload).encode()
    _call("POST", path, body, {
        "Content-Type": "application/json",
        "Lambda-Runtime-Function-Error-Type": payload.get("errorType", "Unhandled"),
    })


def _fault(error_type, message, trace=None):
    return {"errorMessage": message, "errorType": error_type, "requestId": "", "stackTrace": trace or []}


def _load(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        return None, _fault("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, e))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            return None, _fault("Runtime.BuiltInModuleConflict",
                                "Cannot use built-in module {} as a handler module".format(modname))
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        return None, _fault("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        return None, _fault("Runtime.UserCodeSyntaxError",
                            "Syntax error in module '{}': {}".format(modname, e), trace)
    except Exception as e:
        tb = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
        return None, _fault(type(e).__name__, str(e), tb)
    fn = getattr(m, fname, None)
    if fn is None:
        return None, _fault("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname))
    return fn, None


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = arn
        self.client_context = None
        self.identity = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return int(max(self._deadline_ms - time.time() * 1000, 0))


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return float(o) if o % 1 else int(o)
        return super().default(o)


_current = {"id": None}


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _current["id"]
        return True


def _setup_logging():
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
        "%Y-%m-%dT%H:%M:%S"))
    h.formatter.converter = time.gmtime
    h.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(h)


def main():
    _setup_logging()
    root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path = [p for p in sys.path if os.path.abspath(p or ".") != here or p == root]
    if root not in sys.path:
        sys.path.insert(0, root)
    handler, fault = _load(os.environ.get("_HANDLER", ""))
    if fault is not None:
        print("[ERROR] {}: {}".format(fault["errorType"], fault["errorMessage"]), file=sys.stderr, flush=True)
        _post_error("/init/error", fault)
        sys.exit(1)
    while True:
        status, headers, body = _call("GET", "/invocation/next")
        if status != 200:
            sys.exit(1)
        h = {k.lower(): v for k, v in headers}
        request_id = h.get("lambda-runtime-aws-request-id", "")
        _current["id"] = request_id
        if "lambda-runtime-trace-id" in h:
            os.environ["_X_AMZN_TRACE_ID"] = h["lambda-runtime-trace-id"]
        ctx = LambdaContext(request_id, int(h.get("lambda-runtime-deadline-ms", "0")),
                            h.get("lambda-runtime-invoked-function-arn"))
        try:
            event = json.loads(body) if body else None
            result = handler(event, ctx)
            out = json.dumps(result, cls=_Encoder).encode()
        except Exception as e:
            tb = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
            payload = {"errorMessage": str(e), "errorType": type(e).__name__,
                       "requestId": request_id, "stackTrace": tb}
            print("[ERROR] {}: {}".format(type(e).__name__, e), flush=True)
            _post_error("/invocation/{}/error".format(request_id), payload)
            continue
        _call("POST", "/invocation/{}/response".format(request_id), out, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
