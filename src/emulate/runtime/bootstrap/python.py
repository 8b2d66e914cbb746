# slsc emulate: Python runtime for `python3.*` functions. Speaks the Lambda Runtime API at
# AWS_LAMBDA_RUNTIME_API and runs the handler named by _HANDLER from LAMBDA_TASK_ROOT.
# Standard library only.
import decimal
import http.client
import importlib
import json
import logging
import os
import struct
import sys
import time
import traceback

BASE = "/2018-06-01/runtime"
_host, _, _port = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001").partition(":")
_fds = os.environ.get("SLSC_RUNTIME_API_FDS")


class _Http:
    """The Runtime API over HTTP/1.1 at AWS_LAMBDA_RUNTIME_API."""

    def __init__(self):
        self._conn = None

    def _call(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            try:
                if self._conn is None:
                    self._conn = http.client.HTTPConnection(_host, int(_port))
                self._conn.request(method, BASE + path, body=body, headers=headers or {})
                r = self._conn.getresponse()
                return r.status, r.getheaders(), r.read()
            except (http.client.HTTPException, ConnectionError):
                self._conn = None
                if attempt:
                    raise

    def next(self):
        """(request id, deadline ms, function ARN, trace id or None, client context or None,
        event bytes); None when the API refuses."""
        status, headers, body = self._call("GET", "/invocation/next")
        if status != 200:
            return None
        h = {k.lower(): v for k, v in headers}
        return (h.get("lambda-runtime-aws-request-id", ""),
                int(h.get("lambda-runtime-deadline-ms", "0")),
                h.get("lambda-runtime-invoked-function-arn"),
                h.get("lambda-runtime-trace-id"),
                h.get("lambda-runtime-client-context"), body)

    def respond(self, request_id, body):
        self._call("POST", "/invocation/{}/response".format(request_id), body,
                   {"Content-Type": "application/json"})

    def _error(self, path, payload):
        self._call("POST", path, json.dumps(payload).encode(), {
            "Content-Type": "application/json",
            "Lambda-Runtime-Function-Error-Type": payload.get("errorType", "Unhandled"),
        })

    def error(self, request_id, payload):
        self._error("/invocation/{}/error".format(request_id), payload)

    def init_error(self, payload):
        self._error("/init/error", payload)


class _Framed:
    """slsc's own exchange on a pair of pipes (SLSC_RUNTIME_API_FDS: jobs are read from the
    first, answers written to the second): length-prefixed frames (kind byte, u32 LE length,
    payload; strings as u16 LE length + UTF-8), cheaper than HTTP. The answer to a job and the
    request for the next one go out together."""

    def __init__(self, fds):
        self._jobs, self._answers = fds
        # kept out of the processes the handler starts, which would hold the channel open
        for fd in fds:
            os.set_inheritable(fd, False)
        self._buf = bytearray()
        self._asked = False

    def _send(self, data):
        view = memoryview(data)
        while view:
            view = view[os.write(self._answers, view):]

    @staticmethod
    def _frame(kind, strings, body):
        parts = []
        for s in strings:
            b = s.encode("utf-8", "replace")[:0xFFFF]
            parts.append(struct.pack("<H", len(b)) + b)
        payload = b"".join(parts) + body
        return kind + struct.pack("<I", len(payload)) + payload

    def _read_frame(self):
        while True:
            if len(self._buf) >= 5:
                n = struct.unpack_from("<I", self._buf, 1)[0]
                if len(self._buf) >= 5 + n:
                    kind = bytes(self._buf[:1])
                    payload = bytes(self._buf[5:5 + n])
                    del self._buf[:5 + n]
                    return kind, payload
            d = os.read(self._jobs, 65536)
            if not d:
                raise ConnectionError("runtime API connection closed")
            self._buf += d

    def next(self):
        try:
            if not self._asked:
                self._send(b"N\0\0\0\0")
            self._asked = False
            kind, p = self._read_frame()
            while kind != b"J":
                kind, p = self._read_frame()
        except OSError:
            # the emulator is stopping this worker
            return None
        try:
            deadline = struct.unpack_from("<Q", p, 0)[0]
            at = 8
            fields = []
            for _ in range(4):
                n = struct.unpack_from("<H", p, at)[0]
                fields.append(p[at + 2:at + 2 + n].decode("utf-8", "replace"))
                at += 2 + n
        except struct.error:
            return None
        return fields[0], deadline, fields[1], fields[2] or None, fields[3] or None, p[at:]

    def _answer(self, frame):
        self._send(frame + b"N\0\0\0\0")
        self._asked = True

    def respond(self, request_id, body):
        self._answer(self._frame(b"R", [request_id], body))

    def error(self, request_id, payload):
        self._answer(self._frame(b"E", [request_id, payload.get("errorType", "Unhandled")],
                                 json.dumps(payload).encode()))

    def init_error(self, payload):
        self._send(self._frame(b"I", [payload.get("errorType", "Unhandled")],
                               json.dumps(payload).encode()))
        # wait until slsc has taken it (an acknowledgement frame, or the connection's end)
        try:
            while self._read_frame()[0] != b"A":
                pass
        except (OSError, ConnectionError):
            pass


_api = _Framed([int(f) for f in _fds.split(",")]) if _fds else _Http()


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


class _ClientContext:
    def __init__(self, d):
        self.client = d.get("client")
        self.custom = d.get("custom")
        self.env = d.get("env")


def _client_context(text):
    # the caller's client context (JSON text), as Lambda's runtime gives it to the handler
    if not text:
        return None
    try:
        d = json.loads(text)
    except ValueError:
        return None
    return _ClientContext(d) if isinstance(d, dict) else None


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn, client_context):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = arn
        self.client_context = _client_context(client_context)
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
        _api.init_error(fault)
        sys.exit(1)
    while True:
        job = _api.next()
        if job is None:
            sys.exit(1)
        request_id, deadline_ms, arn, trace_id, client_context, body = job
        _current["id"] = request_id
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        ctx = LambdaContext(request_id, deadline_ms, arn, client_context)
        try:
            event = json.loads(body) if body else None
            result = handler(event, ctx)
            out = json.dumps(result, cls=_Encoder).encode()
        except Exception as e:
            tb = traceback.format_list(traceback.extract_tb(e.__traceback__)[1:])
            payload = {"errorMessage": str(e), "errorType": type(e).__name__,
                       "requestId": request_id, "stackTrace": tb}
            print("[ERROR] {}: {}".format(type(e).__name__, e), flush=True)
            _api.error(request_id, payload)
            continue
        _api.respond(request_id, out)


if __name__ == "__main__":
    main()
