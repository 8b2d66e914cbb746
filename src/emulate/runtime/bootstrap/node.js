// slsc emulate: Node.js runtime for `nodejs*` functions. Speaks the Lambda Runtime API at
// AWS_LAMBDA_RUNTIME_API, loads the handler named by _HANDLER from LAMBDA_TASK_ROOT.
'use strict';

const path = require('path');
const fs = require('fs');
const util = require('util');
const { pathToFileURL } = require('url');

const env = process.env;

let currentId = undefined;

// ---- _X_AMZN_TRACE_ID, which Lambda's runtime sets for every invocation. Setting a variable
// costs more than a small handler does (glibc's setenv scans the environment and keeps every
// value ever set in a search tree), so the invocation's trace id is only noted, and written to
// the process environment when the handler next looks at it through `process.env`, which
// stands in front of the real one. Reads, `in`, key listings (spawning a child process lists
// them) all see the current id; the handler's own writes win.
const TRACE = '_X_AMZN_TRACE_ID';
let pendingTrace = null;

// The context's fields that come from the environment, read once (each read of the real
// environment is a call into C++) and again after the handler changed it through `process.env`.
let fnFields = null;

function functionFields() {
  if (fnFields === null) {
    fnFields = {
      name: env.AWS_LAMBDA_FUNCTION_NAME,
      version: env.AWS_LAMBDA_FUNCTION_VERSION,
      memory: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      group: env.AWS_LAMBDA_LOG_GROUP_NAME,
      stream: env.AWS_LAMBDA_LOG_STREAM_NAME,
    };
  }
  return fnFields;
}

// The C library keeps every value ever set: after SLSC_RUNTIME_RETIRE_AFTER of them (the
// trace ids this runtime wrote and the handler's own writes to `process.env`) this runtime
// asks slsc to replace it (by a fresh process started beside it).
const retireAfter = Number(env.SLSC_RUNTIME_RETIRE_AFTER) || 0;
let envWrites = 0;
let retire = () => {};

function countEnvWrite() {
  envWrites += 1;
  if (envWrites === retireAfter) retire();
}

function publishTrace() {
  const t = pendingTrace;
  pendingTrace = null;
  env[TRACE] = t;
  countEnvWrite();
}

function lazyTraceEnv(real) {
  return new Proxy(real, {
    get(t, k) {
      if (pendingTrace !== null) publishTrace();
      return t[k];
    },
    has(t, k) {
      if (pendingTrace !== null) publishTrace();
      return k in t;
    },
    ownKeys(t) {
      if (pendingTrace !== null) publishTrace();
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, k) {
      if (pendingTrace !== null) publishTrace();
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    set(t, k, v) {
      if (k === TRACE) pendingTrace = null;
      fnFields = null;
      countEnvWrite();
      t[k] = v;
      return true;
    },
    defineProperty(t, k, d) {
      if (k === TRACE) pendingTrace = null;
      fnFields = null;
      countEnvWrite();
      return Reflect.defineProperty(t, k, d);
    },
    deleteProperty(t, k) {
      if (k === TRACE) pendingTrace = null;
      fnFields = null;
      return delete t[k];
    },
  });
}

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

// ---- the Runtime API clients (framed on slsc's pipes, else HTTP), in node-api.js
const { framedClient, httpClient, fatal } = require('./node-api.js');

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
  // TypeScript, where Node.js strips the types itself (slsc passes the flag it needs)
  for (const ext of ['.ts', '.mts', '.cts']) {
    if (exists(`${file}${ext}`)) return import(pathToFileURL(`${file}${ext}`).href);
  }
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

// The caller's client context (`aws lambda invoke --client-context`, `slsc invoke --context`),
// parsed as Lambda's runtime parses it; undefined when there is none.
function clientContextOf(job) {
  if (!job.clientContext) return undefined;
  try {
    return JSON.parse(job.clientContext);
  } catch (_) {
    return undefined;
  }
}

// ---- response streaming, as Lambda's Node.js runtime offers it: `awslambda.streamifyResponse`
// marks a handler `(event, responseStream, context)`; `awslambda.HttpResponseStream.from`
// makes the stream start with the HTTP prelude (JSON, then 8 NUL bytes) function URLs read.
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const InvalidStreamingOperation = runtimeError('InvalidStreamingOperation');

class HttpResponseStream {
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(PRELUDE_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    // as on Lambda, the prelude goes out just before the first write
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(8));
    };
    return underlyingStream;
  }
}

globalThis.awslambda = {
  streamifyResponse(handler, options) {
    handler[STREAMING] = 'response';
    if (options && options.highWaterMark) handler[HIGH_WATER_MARK] = options.highWaterMark;
    return handler;
  },
  HttpResponseStream,
};

// The writable stream a streaming handler writes to: each write reaches slsc at once.
function responseStream(id, api, highWaterMark) {
  const { Writable } = require('stream');
  let contentType = 'application/octet-stream';
  let written = false;
  let headSent = false;
  const head = () => {
    if (!headSent) {
      headSent = true;
      api.streamHead(id, contentType);
    }
  };
  const w = new Writable({
    highWaterMark,
    write(chunk, _enc, cb) {
      head();
      api.streamChunk(id, chunk);
      cb();
    },
    final(cb) {
      head();
      cb();
    },
  });
  w.setContentType = (ct) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    contentType = String(ct);
  };
  const write = w.write.bind(w);
  w.write = (chunk, encoding, cb) => {
    let data = chunk;
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && !(chunk instanceof Uint8Array)) {
      data = JSON.stringify(chunk);
    }
    if (!written && typeof w._onBeforeFirstWrite === 'function') {
      w._onBeforeFirstWrite((c) => write(c));
    }
    written = true;
    return write(data, encoding, cb);
  };
  return w;
}

// Runs a streaming handler: the invocation ends once its promise settled and the stream
// finished (an error from either fails it, mid-stream too).
function invokeStreaming(handler, event, context, job, api) {
  const id = job.id;
  const stream = responseStream(id, api, handler[HIGH_WATER_MARK]);
  let finished = false;
  const fail = (e) => {
    if (finished) return;
    finished = true;
    currentPost = null;
    api.answer({ id, ...errorAnswer(e, 'Invoke Error') });
  };
  currentPost = (e) => fail(e);
  const ended = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  ended.catch(() => {});
  let ret;
  try {
    ret = handler(event, stream, context);
  } catch (e) {
    fail(e);
    return;
  }
  if (!ret || typeof ret.then !== 'function') {
    fail(new Error('Streaming does not support non-async handlers.'));
    return;
  }
  ret.then((result) => {
    if (result !== undefined) console.warn('Streaming handlers ignore return values.');
    return ended;
  }).then(() => {
    if (finished) return;
    finished = true;
    currentPost = null;
    api.answer({ id, error: false, body: '', streamed: true });
  }, (e) => fail(e === undefined ? 'undefined' : e));
}

// ---- one invocation
// `waiting` is set while a callback-style result waits for the event loop to empty;
// `currentPost` answers the invocation in flight (for uncaught exceptions).
let waiting = null;
let currentPost = null;

// Runs the handler on one job; `send(answer)` is called once with its answer (a streaming
// handler answers through `api` itself).
function invoke(handler, event, job, send, api) {
  const id = job.id;
  const deadline = job.deadline;
  const fn = functionFields();
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
    functionName: fn.name,
    functionVersion: fn.version,
    invokedFunctionArn: job.arn,
    memoryLimitInMB: fn.memory,
    awsRequestId: id,
    logGroupName: fn.group,
    logStreamName: fn.stream,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    clientContext: clientContextOf(job),
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
  if (handler[STREAMING] === 'response') {
    invokeStreaming(handler, event, context, job, api);
    return;
  }
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
  const lazyEnv = lazyTraceEnv(env);
  process.env = lazyEnv;
  const fds = env.SLSC_RUNTIME_API_FDS;
  const api = fds ? framedClient(fds.split(',').map(Number)) : httpClient();
  let handler;
  try {
    handler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER || '');
  } catch (e) {
    await api.initError(errorAnswer(e, 'Uncaught Exception'));
    process.exit(129);
  }
  const send = (answer) => api.answer(answer);
  retire = () => api.retire();
  api.start((job) => {
    currentId = job.id;
    if (job.trace) {
      // a handler that replaced `process.env` with an object of its own gets the id written
      // into it, as Lambda's runtime would
      if (process.env === lazyEnv) pendingTrace = job.trace;
      else process.env[TRACE] = job.trace;
    }
    let event;
    try {
      event = JSON.parse(job.event);
    } catch (_) {
      event = job.event;
    }
    invoke(handler, event, job, send, api);
  });
}

main().catch(fatal);
