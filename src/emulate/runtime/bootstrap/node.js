// slsc emulate: Node.js runtime for `nodejs*` functions. Speaks the Lambda Runtime API at
// AWS_LAMBDA_RUNTIME_API, loads the handler named by _HANDLER from LAMBDA_TASK_ROOT.
'use strict';

const path = require('path');
const fs = require('fs');
const util = require('util');
const { pathToFileURL } = require('url');

const env = process.env;

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

// ---- Runtime API clients. Each delivers jobs to `onJob({ id, deadline, arn, trace, event })`
// (`event`: the payload's text), sends an answer ({ id, error, body, errorType }) together with
// the request for the next job, and reports init errors.
const net = require('net');

// The fatal end of the runtime: the API is gone while a job is awaited.
function fatal(e) {
  process.stderr.write(`slsc node runtime: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}

// slsc's own exchange on its Unix socket (SLSC_RUNTIME_API_SOCKET): length-prefixed frames,
// cheaper to write and read than HTTP. A frame is kind (1 byte), length (u32 LE), payload;
// strings inside are u16 LE length + UTF-8.
function framedClient(socketPath) {
  const MAGIC = Buffer.from([0, 0x53, 0x4c, 0x31]); // "\0SL1"
  const [N, R, E, I, J, A] = ['N', 'R', 'E', 'I', 'J', 'A'].map((c) => c.charCodeAt(0));
  const NEXT = Buffer.from([N, 0, 0, 0, 0]);
  let sock = null;
  let onJob = null;
  let onAck = null;
  let awaiting = false; // a next-job frame is out
  let chunks = [];
  let have = 0;
  let need = 5;

  const strLen = (s) => Math.min(Buffer.byteLength(s), 0xffff);
  // One frame (followed by a next-job frame when `next`), in one buffer.
  function frame(kind, strings, body, next) {
    const lens = strings.map(strLen);
    const bodyLen = Buffer.byteLength(body);
    let len = bodyLen;
    for (const n of lens) len += 2 + n;
    const b = Buffer.allocUnsafe(5 + len + (next ? 5 : 0));
    b[0] = kind;
    b.writeUInt32LE(len, 1);
    let o = 5;
    for (let i = 0; i < strings.length; i++) {
      b.writeUInt16LE(lens[i], o);
      o += 2;
      // a string cut at 64 KB may end short of a whole character: pad it
      const n = b.write(strings[i], o, lens[i], 'utf8');
      if (n < lens[i]) b.fill(0x20, o + n, o + lens[i]);
      o += lens[i];
    }
    o += b.write(body, o, bodyLen, 'utf8');
    if (next) NEXT.copy(b, o);
    return b;
  }

  // The job in frame payload b[s, e).
  function job(b, s, e) {
    const deadline = b.readUInt32LE(s + 4) * 4294967296 + b.readUInt32LE(s);
    let o = s + 8;
    const str = () => {
      const n = b.readUInt16LE(o);
      const v = b.utf8Slice(o + 2, o + 2 + n);
      o += 2 + n;
      return v;
    };
    const id = str();
    const arn = str();
    const trace = str();
    return { id, deadline, arn, trace, event: b.utf8Slice(o, e) };
  }

  function frameIn(kind, b, s, e) {
    if (kind === J && awaiting) {
      awaiting = false;
      // an idle connection must not keep the event loop alive (callback handlers answer
      // when it empties, as on Lambda)
      sock.unref();
      onJob(job(b, s, e));
    } else if (kind === A && onAck) {
      onAck();
    }
  }

  // Reads land in one reused buffer (no allocation per read); whole frames are handled from
  // it, a partial one is copied aside until the rest arrives.
  function onRead(n, buf) {
    if (have === 0) {
      let at = 0;
      while (n - at >= 5) {
        const len = buf.readUInt32LE(at + 1);
        if (n - at - 5 < len) break;
        const s = at + 5;
        at = s + len;
        frameIn(buf[s - 5], buf, s, at);
      }
      if (at === n) return;
      buf = buf.subarray(at, n);
      n = buf.length;
    }
    chunks.push(Buffer.from(buf.subarray(0, n)));
    have += n;
    while (have >= need) {
      const b = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, have);
      const len = b.readUInt32LE(1);
      if (b.length < 5 + len) {
        chunks = [b];
        need = 5 + len;
        return;
      }
      const rest = b.subarray(5 + len);
      chunks = rest.length ? [rest] : [];
      have = rest.length;
      need = 5;
      frameIn(b[0], b, 5, 5 + len);
    }
  }

  function send(buf) {
    if (!sock) {
      chunks = [];
      have = 0;
      need = 5;
      sock = net.createConnection({
        path: socketPath,
        onread: { buffer: Buffer.allocUnsafe(65536), callback: onRead },
      });
      const gone = (e) => {
        sock = null;
        if (awaiting) fatal(e || new Error('runtime API connection closed'));
      };
      sock.on('error', gone);
      sock.on('close', () => gone());
      sock.write(MAGIC);
    }
    sock.ref();
    sock.write(buf);
  }

  return {
    start(cb) {
      onJob = cb;
      awaiting = true;
      send(NEXT);
    },
    answer(a) {
      awaiting = true;
      send(a.error
        ? frame(E, [a.id, a.errorType], a.body, true)
        : frame(R, [a.id], a.body, true));
    },
    // resolves once slsc has taken the error (or the connection is gone)
    initError(a) {
      return new Promise((resolve) => {
        onAck = resolve;
        send(frame(I, [a.errorType], a.body, false));
        sock.once('close', resolve);
      });
    },
  };
}

// HTTP/1.1 at AWS_LAMBDA_RUNTIME_API on one kept-alive socket, written and parsed here (Node's
// `http` module costs more per request than the handler of a small function); the answer to
// an invocation and the request for the next one go out together (HTTP pipelining).
function httpClient() {
  const [HOST, PORT] = (env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001').split(':');
  const BASE = '/2018-06-01/runtime';
  let sock = null;
  let inbuf = Buffer.alloc(0);
  const pending = []; // { resolve, reject } in request order
  let onJob = null;

  function connect() {
    sock = net.createConnection({ host: HOST, port: Number(PORT) });
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
      // an idle connection must not keep the event loop alive, like Node's keep-alive agent
      if (!pending.length && sock) sock.unref();
      if (p) p.resolve({ status, headers, body: Buffer.from(body) });
    }
  }

  // Sends requests ([method, path, body, headers]) in one write; a promise of each response.
  function callMany(requests) {
    if (!sock) connect();
    const parts = [];
    const promises = requests.map(([method, p, body, headers]) => {
      const payload = body === undefined ? null : Buffer.from(String(body));
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

  const NEXT = ['GET', '/invocation/next'];
  function wait(next) {
    next.then((r) => {
      if (r.status !== 200) process.exit(1);
      const h = r.headers;
      onJob({
        id: h['lambda-runtime-aws-request-id'],
        deadline: Number(h['lambda-runtime-deadline-ms']),
        arn: h['lambda-runtime-invoked-function-arn'],
        trace: h['lambda-runtime-trace-id'],
        event: r.body.toString('utf8'),
      });
    }, fatal);
  }
  const errorHeaders = (a) => ({
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': a.errorType,
  });

  return {
    start(cb) {
      onJob = cb;
      wait(callMany([NEXT])[0]);
    },
    answer(a) {
      const [posted, next] = callMany([a.error
        ? ['POST', `/invocation/${a.id}/error`, a.body, errorHeaders(a)]
        : ['POST', `/invocation/${a.id}/response`, a.body, { 'Content-Type': 'application/json' }],
      NEXT]);
      posted.catch(() => {});
      wait(next);
    },
    initError(a) {
      return callMany([['POST', '/init/error', a.body, errorHeaders(a)]])[0].catch(() => {});
    },
  };
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

// The error answer ({ error, body, errorType }) for `e`, logged as the real runtime logs it.
function errorAnswer(e, label) {
  const payload = toPayload(e);
  const body = JSON.stringify(payload);
  console.error(`${label} \t${body}`);
  return { error: true, body, errorType: String(payload.errorType) };
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
// `waiting` is set while a callback-style result waits for the event loop to empty;
// `currentPost` answers the invocation in flight (for uncaught exceptions).
let waiting = null;
let currentPost = null;

// Runs the handler on one job; `send(answer)` is called once with its answer.
function invoke(handler, event, job, send) {
  const id = job.id;
  const deadline = job.deadline;
  let finished = false;
  const post = (err, result) => {
    if (finished) return;
    finished = true;
    waiting = null;
    currentPost = null;
    if (err !== undefined && err !== null) {
      send({ id, ...errorAnswer(err, 'Invoke Error') });
      return;
    }
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      send({ id, ...errorAnswer(e, 'Invoke Error') });
      return;
    }
    send({ id, error: false, body: body === undefined ? 'null' : body });
  };
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: job.arn,
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
  currentPost = post;
  let ret;
  try {
    ret = handler(event, context, callback);
  } catch (e) {
    post(e);
    return;
  }
  if (ret && typeof ret.then === 'function') {
    ret.then((r) => post(null, r), (e) => post(e === undefined ? 'undefined' : e));
  } else if (!waiting && !finished) {
    // neither a promise nor a callback yet: answer null once the event loop is idle
    waiting = () => (pending ? post(pending[0], pending[1]) : post(null, null));
  }
}

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
  const api = env.SLSC_RUNTIME_API_SOCKET ? framedClient(env.SLSC_RUNTIME_API_SOCKET) : httpClient();
  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER || '');
  } catch (e) {
    await api.initError(errorAnswer(e, 'Uncaught Exception'));
    process.exit(129);
  }
  const send = (answer) => api.answer(answer);
  api.start((job) => {
    currentId = job.id;
    if (job.trace) env._X_AMZN_TRACE_ID = job.trace;
    let event;
    try {
      event = JSON.parse(job.event);
    } catch (_) {
      event = job.event;
    }
    invoke(handler, event, job, send);
  });
}

main().catch(fatal);
