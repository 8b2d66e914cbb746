// slsc emulate: Node.js runtime for `nodejs*` functions. Speaks the Lambda Runtime API at
// AWS_LAMBDA_RUNTIME_API, loads the handler named by _HANDLER from LAMBDA_TASK_ROOT.
'use strict';

const path = require('path');
const fs = require('fs');
const util = require('util');
const { pathToFileURL } = require('url');

const env = process.env;
const [HOST, PORT] = (env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001').split(':');
const BASE = '/2018-06-01/runtime';

let currentId = undefined;

// ---- console, formatted like Lambda: <ISO time>\t<request id>\t<LEVEL>\t<message>
function patchConsole() {
  const write = (level) => (...args) => {
    const msg = util.format(...args).replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentId}\t${level}\t${msg}\n`);
  };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = (...args) => {
    const e = { name: 'Trace', message: util.format(...args) };
    Error.captureStackTrace(e, console.trace);
    write('TRACE')(e.stack);
  };
}

// ---- Runtime API client: HTTP/1.1 on one kept-alive socket, written and parsed here (Node's
// `http` module costs more per request than the handler of a small function). slsc offers the
// same API on a Unix socket (SLSC_RUNTIME_API_SOCKET), cheaper than loopback TCP; the answer to
// an invocation and the request for the next one go out together (HTTP pipelining).
const net = require('net');
let sock = null;
let inbuf = Buffer.alloc(0);
const pending = []; // { resolve, reject } in request order

function connect() {
  sock = env.SLSC_RUNTIME_API_SOCKET
    ? net.createConnection({ path: env.SLSC_RUNTIME_API_SOCKET })
    : net.createConnection({ host: HOST, port: Number(PORT) });
  sock.setNoDelay(true);
  sock.on('data', (d) => {
    inbuf = inbuf.length ? Buffer.concat([inbuf, d]) : d;
    parseResponses();
  });
  const fail = (e) => {
    const err = e || new Error('runtime API connection closed');
    sock = null;
    inbuf = Buffer.alloc(0);
    while (pending.length) pending.shift().reject(err);
  };
  sock.on('error', fail);
  sock.on('close', () => fail());
}

function parseResponses() {
  for (;;) {
    const headEnd = inbuf.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = inbuf.toString('latin1', 0, headEnd).split('\r\n');
    const status = Number(head[0].split(' ')[1]);
    const headers = {};
    for (let i = 1; i < head.length; i++) {
      const c = head[i].indexOf(':');
      if (c > 0) headers[head[i].slice(0, c).trim().toLowerCase()] = head[i].slice(c + 1).trim();
    }
    let body;
    let used;
    if (headers['transfer-encoding'] && headers['transfer-encoding'].includes('chunked')) {
      const parts = [];
      let at = headEnd + 4;
      for (;;) {
        const nl = inbuf.indexOf('\r\n', at);
        if (nl < 0) return;
        const size = parseInt(inbuf.toString('latin1', at, nl), 16);
        if (inbuf.length < nl + 2 + size + 2) return;
        if (size === 0) { used = nl + 4; break; }
        parts.push(inbuf.subarray(nl + 2, nl + 2 + size));
        at = nl + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const len = Number(headers['content-length'] || 0);
      if (inbuf.length < headEnd + 4 + len) return;
      body = inbuf.subarray(headEnd + 4, headEnd + 4 + len);
      used = headEnd + 4 + len;
    }
    inbuf = inbuf.subarray(used);
    const p = pending.shift();
    // an idle connection must not keep the event loop alive (callback handlers answer when
    // it empties, as on Lambda), like Node's own keep-alive agent
    if (!pending.length && sock) sock.unref();
    if (p) p.resolve({ status, headers, body: Buffer.from(body) });
  }
}

// Sends requests ([method, path, body, headers]) in one write; a promise of each response.
function callMany(requests) {
  if (!sock) connect();
  const parts = [];
  const promises = requests.map(([method, p, body, headers]) => {
    const payload = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(String(body));
    let head = `${method} ${BASE}${p} HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n`;
    for (const [k, v] of Object.entries(headers || {})) head += `${k}: ${v}\r\n`;
    if (payload) head += `Content-Length: ${payload.length}\r\n`;
    head += '\r\n';
    parts.push(Buffer.from(head, 'latin1'));
    if (payload) parts.push(payload);
    return new Promise((resolve, reject) => pending.push({ resolve, reject }));
  });
  sock.ref();
  sock.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  return promises;
}

function call(method, p, body, headers) {
  return callMany([[method, p, body, headers]])[0];
}

const NEXT = ['GET', '/invocation/next'];

// Posts an invocation's answer and asks for the next job in the same write; the promise of the
// next job. The answer's own acknowledgement is not waited for.
function answerAndNext(p, body, headers) {
  const [posted, next] = callMany([['POST', p, body, headers], NEXT]);
  posted.catch(() => {});
  return next;
}

// ---- errors, as the real runtime posts them
function runtimeError(name) {
  const E = class extends Error {};
  E.prototype.name = `Runtime.${name}`;
  return E;
}
const ImportModuleError = runtimeError('ImportModuleError');
const HandlerNotFound = runtimeError('HandlerNotFound');
const MalformedHandlerName = runtimeError('MalformedHandlerName');
const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');

function isError(e) {
  return e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string';
}

function toPayload(e) {
  try {
    if (util.types.isNativeError(e) || isError(e)) {
      return { errorType: e.name, errorMessage: e.message, trace: e.stack.split('\n') };
    }
    return { errorType: typeof e, errorMessage: String(e), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function errorRequest(p, e, label) {
  const payload = toPayload(e);
  console.error(`${label} \t${JSON.stringify(payload)}`);
  return [p, JSON.stringify(payload), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': payload.errorType,
  }];
}

// ---- loading the handler
function typeModule(dir) {
  for (;;) {
    if (dir.endsWith(`${path.sep}node_modules`)) return false;
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module';
      } catch (_) {
        return false;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

async function loadModule(root, moduleRoot, name) {
  const file = path.resolve(root, moduleRoot, name);
  const exists = (f) => fs.existsSync(f) && fs.statSync(f).isFile();
  const esm = typeModule(path.dirname(file));
  if (exists(file)) return require(file);
  if (!esm && exists(`${file}.js`)) return require(`${file}.js`);
  if (esm && exists(`${file}.js`)) return import(pathToFileURL(`${file}.js`).href);
  if (exists(`${file}.mjs`)) return import(pathToFileURL(`${file}.mjs`).href);
  if (exists(`${file}.cjs`)) return require(`${file}.cjs`);
  return require(require.resolve(name, { paths: [root, path.resolve(root, moduleRoot)] }));
}

async function loadHandler(root, handler) {
  if (handler.includes('..')) {
    throw new MalformedHandlerName(
      `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(handler);
  const moduleRoot = handler.slice(0, handler.length - base.length);
  const m = base.match(/^([^.]*)\.(.*)$/);
  if (!m) throw new MalformedHandlerName('Bad handler');
  let mod;
  try {
    mod = await loadModule(root, moduleRoot, m[1]);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const fn = m[2].split('.').reduce((o, k) => o && o[k], mod);
  if (!fn) throw new HandlerNotFound(`${handler} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${handler} is not a function`);
  return fn;
}

// ---- one invocation
// `waiting` is set while a callback-style result waits for the event loop to empty.
let waiting = null;

// Runs one invocation; resolves with the promise of the next job once the answer is sent.
function invoke(handler, event, headers) {
  return new Promise((resolve) => {
    const id = headers['lambda-runtime-aws-request-id'];
    const deadline = Number(headers['lambda-runtime-deadline-ms']);
    let finished = false;
    const post = (err, result) => {
      if (finished) return;
      finished = true;
      waiting = null;
      let req;
      if (err !== undefined && err !== null) {
        req = errorRequest(`/invocation/${id}/error`, err, 'Invoke Error');
      } else {
        let body;
        try {
          body = JSON.stringify(result === undefined ? null : result);
        } catch (e) {
          req = errorRequest(`/invocation/${id}/error`, e, 'Invoke Error');
        }
        if (!req) {
          req = [`/invocation/${id}/response`, body === undefined ? 'null' : body, {
            'Content-Type': 'application/json',
          }];
        }
      }
      resolve({ next: answerAndNext(...req) });
    };
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: id,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      getRemainingTimeInMillis: () => deadline - Date.now(),
      succeed: (r) => post(null, r),
      fail: (e) => post(e === undefined || e === null ? 'handled' : e, undefined),
      done: (e, r) => post(e, r),
    };
    let pending = null;
    const callback = (err, result) => {
      if (context.callbackWaitsForEmptyEventLoop) {
        if (!pending) pending = [err, result];
        waiting = () => post(pending[0], pending[1]);
      } else {
        post(err, result);
      }
    };
    waiting = null;
    let ret;
    try {
      ret = handler(event, context, callback);
    } catch (e) {
      post(e);
      return;
    }
    if (ret && typeof ret.then === 'function') {
      ret.then((r) => post(null, r), (e) => post(e === undefined ? 'undefined' : e));
    } else if (!waiting) {
      // neither a promise nor a callback yet: answer null once the event loop is idle
      waiting = () => (pending ? post(pending[0], pending[1]) : post(null, null));
    }
    currentPost = post;
  });
}

let currentPost = null;

process.on('beforeExit', () => {
  if (waiting) waiting();
});

process.on('uncaughtException', (e) => {
  if (currentPost) {
    const post = currentPost;
    currentPost = null;
    post(e);
    setTimeout(() => process.exit(129), 50);
  } else {
    console.error(`Uncaught Exception \t${JSON.stringify(toPayload(e))}`);
    process.exit(129);
  }
});

process.on('unhandledRejection', (reason) => {
  const e = new (runtimeError('UnhandledPromiseRejection'))(
    reason && reason.stack ? String(reason.stack) : String(reason));
  if (currentPost) {
    const post = currentPost;
    currentPost = null;
    post(e);
    setTimeout(() => process.exit(128), 50);
  } else {
    process.exit(128);
  }
});

async function main() {
  patchConsole();
  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER || '');
  } catch (e) {
    await call('POST', ...errorRequest('/init/error', e, 'Uncaught Exception')).catch(() => {});
    process.exit(129);
  }
  let next = call(...NEXT);
  for (;;) {
    const r = await next;
    if (r.status !== 200) process.exit(1);
    currentId = r.headers['lambda-runtime-aws-request-id'];
    if (r.headers['lambda-runtime-trace-id']) env._X_AMZN_TRACE_ID = r.headers['lambda-runtime-trace-id'];
    let event;
    try {
      event = JSON.parse(r.body.toString('utf8'));
    } catch (_) {
      event = r.body.toString('utf8');
    }
    ({ next } = await invoke(handler, event, r.headers));
    currentPost = null;
  }
}

main().catch((e) => {
  process.stderr.write(`slsc node runtime: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
