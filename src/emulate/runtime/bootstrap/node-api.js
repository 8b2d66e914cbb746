// slsc emulate: the Runtime API clients of the Node.js runtime (node.js), one per transport.
'use strict';

const fs = require('fs');
const net = require('net');

const env = process.env;

// ---- Runtime API clients. Each streams a response (`streamHead(id, contentType)`, then
// `streamChunk(id, bytes)` per write, then an answer with `streamed: true`), delivers jobs to
// `onJob({ id, deadline, arn, trace, clientContext, event })` (`event`: the payload's text,
// `clientContext`: the caller's client context as JSON text, '' when there is none), sends an answer ({ id, error, body, errorType }) together with
// the request for the next job, and reports init errors.

// The fatal end of the runtime: the API is gone while a job is awaited.
function fatal(e) {
  process.stderr.write(`slsc node runtime: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}

// slsc's own exchange on a pair of pipes (SLSC_RUNTIME_API_FDS: jobs are read from the first
// descriptor, answers written to the second): length-prefixed frames, cheaper to write and
// read than HTTP. A frame is kind (1 byte), length (u32 LE), payload; strings inside are u16
// LE length + UTF-8.
// (Node marks both descriptors close-on-exec itself, so the processes a handler starts do not
// inherit them and cannot hold the channel open; a test checks it.)
function framedClient([jobsFd, answersFd]) {
  const [N, R, E, I, J, A, X, H, S] =
    ['N', 'R', 'E', 'I', 'J', 'A', 'X', 'H', 'S'].map((c) => c.charCodeAt(0));
  const NEXT = Buffer.from([N, 0, 0, 0, 0]);
  const RETIRE = Buffer.from([X, 0, 0, 0, 0]);
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
    const clientContext = str();
    return { id, deadline, arn, trace, clientContext, event: b.utf8Slice(o, e) };
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

  // The jobs end, read as it fills; once it closed (slsc stops this worker) the API is gone.
  let closed = false;
  function open() {
    const onread = { buffer: Buffer.allocUnsafe(65536), callback: onRead };
    sock = new net.Socket({ fd: jobsFd, readable: true, writable: false, onread });
    const gone = (e) => {
      closed = true;
      if (awaiting) fatal(e || new Error('runtime API connection closed'));
    };
    sock.on('error', gone);
    sock.on('close', () => gone());
  }

  // The answers end is blocking: a write returns once it is whole in the pipe (a large answer
  // waits for slsc to read), without the stream machinery of a socket write.
  function writeAll(fd, buf) {
    let at = 0;
    while (at < buf.length) at += fs.writeSync(fd, buf, at);
  }

  function send(buf) {
    if (closed) fatal(new Error('runtime API connection closed'));
    if (!sock) open();
    sock.ref();
    writeAll(answersFd, buf);
  }

  // A streamed chunk: written straight to the pipe (the job is in flight, so the channel is
  // open), split so that no frame is larger than slsc reads at once.
  const CHUNK_MAX = 1024 * 1024;
  function streamChunk(id, buf) {
    if (closed) fatal(new Error('runtime API connection closed'));
    const idLen = strLen(id);
    let at = 0;
    do {
      const part = buf.subarray(at, at + CHUNK_MAX);
      const head = Buffer.allocUnsafe(7 + idLen);
      head[0] = S;
      head.writeUInt32LE(2 + idLen + part.length, 1);
      head.writeUInt16LE(idLen, 5);
      head.write(id, 7, idLen, 'utf8');
      writeAll(answersFd, Buffer.concat([head, part]));
      at += CHUNK_MAX;
    } while (at < buf.length);
  }

  return {
    start(cb) {
      onJob = cb;
      awaiting = true;
      send(NEXT);
    },
    streamHead(id, contentType) {
      if (closed) fatal(new Error('runtime API connection closed'));
      writeAll(answersFd, frame(H, [id, contentType], '', false));
    },
    streamChunk,
    answer(a) {
      awaiting = true;
      send(a.error
        ? frame(E, [a.id, a.errorType], a.body, true)
        : frame(R, [a.id], a.body, true));
    },
    // asks slsc to replace this runtime after the invocation in flight; written straight to
    // the pipe, without `send`'s ref of the jobs end, so the event loop of a callback-style
    // handler still empties
    retire() {
      try {
        writeAll(answersFd, RETIRE);
      } catch (_) {
        // slsc is gone: the next answer finds out
      }
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
      const payload = body === undefined ? null
        : Buffer.isBuffer(body) ? body : Buffer.from(String(body));
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
        clientContext: h['lambda-runtime-client-context'] || '',
        event: r.body.toString('utf8'),
      });
    }, fatal);
  }
  const errorHeaders = (a) => ({
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': a.errorType,
  });

  // A streamed response is sent whole at its end here (slsc's pipes carry it as it is written).
  let streamType = null;
  let streamParts = [];
  const streamedPost = (a) => {
    const body = Buffer.concat(streamParts);
    const headers = {
      'Content-Type': streamType || 'application/octet-stream',
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
    };
    streamType = null;
    streamParts = [];
    return ['POST', `/invocation/${a.id}/response`, body, headers];
  };

  return {
    start(cb) {
      onJob = cb;
      wait(callMany([NEXT])[0]);
    },
    streamHead(id, contentType) {
      streamType = contentType;
    },
    streamChunk(id, buf) {
      streamParts.push(Buffer.from(buf));
    },
    answer(a) {
      if (a.error) streamParts = [];
      const [posted, next] = callMany([a.error
        ? ['POST', `/invocation/${a.id}/error`, a.body, errorHeaders(a)]
        : a.streamed ? streamedPost(a)
          : ['POST', `/invocation/${a.id}/response`, a.body, { 'Content-Type': 'application/json' }],
      NEXT]);
      posted.catch(() => {});
      wait(next);
    },
    // over HTTP slsc replaces the runtime after an invocation budget instead
    retire() {},
    initError(a) {
      return callMany([['POST', '/init/error', a.body, errorHeaders(a)]])[0].catch(() => {});
    },
  };
}

module.exports = { framedClient, httpClient, fatal };
