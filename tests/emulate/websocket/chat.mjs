// The test's chat clients, with `ws` (tests/emulate_websocket.rs). Usage: node chat.mjs URL.
// Prints one JSON line `{"ready": ...}` once alice and bob are connected and have talked, then
// waits for a line on stdin (the test uses the AWS CLI meanwhile), then prints `{"done": ...}`
// with everything each client received, and closes both.
import WebSocket from 'ws';
import readline from 'node:readline';

const url = process.argv[2];
const received = { alice: [], bob: [] };
const waiters = [];

function open(name, headers, query = '') {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url + query, { headers });
    ws.on('message', (data, isBinary) => {
      received[name]?.push(isBinary ? { binary: [...data] } : data.toString());
      for (const w of waiters.splice(0)) w();
    });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (req, res) => reject({ status: res.statusCode }));
    ws.on('error', (e) => reject({ error: String(e) }));
  });
}

// Resolves once `name` has received `n` messages; after 30 s (far beyond what any machine
// needs) the client gives up, printing what it has, so the test fails instead of hanging.
async function until(name, n) {
  const deadline = Date.now() + 30000;
  while (received[name].length < n) {
    if (Date.now() > deadline) {
      console.log(JSON.stringify({ timeout: { name, n, received } }));
      process.exit(1);
    }
    await new Promise((r) => { waiters.push(r); setTimeout(r, 1000); });
  }
}

async function refused(headers, query) {
  try {
    const ws = await open('none', headers, query);
    ws.close();
    return 'connected';
  } catch (e) {
    return e.status ?? e.error;
  }
}

const refusals = {
  missing: await refused({}),
  denied: await refused({ Auth: 'bad' }),
  unauthorized: await refused({ Auth: 'unauth' }),
  failing: await refused({ Auth: 'boom' }),
  connectRefuses: await refused({ Auth: 'good-x' }, '?refuse=403'),
};

const alice = await open('alice', { Auth: 'good-alice' });
const bob = await open('bob', { Auth: 'good-bob' });
alice.send(JSON.stringify({ action: 'echo', text: 'hi' }));
await until('alice', 1);
const echo = JSON.parse(received.alice.shift());
bob.send(JSON.stringify({ action: 'echo' }));
await until('bob', 1);
const bobId = JSON.parse(received.bob.shift()).requestContext.connectionId;
alice.send(JSON.stringify({ action: 'send', text: 'hello all' }));
await until('alice', 1);
await until('bob', 1);
alice.send(JSON.stringify({ action: 'fails' }));
await until('alice', 2);
alice.send('not json at all');
// AWS takes no binary frame from a client: carol's closes her connection with 1003
const carol = await open('carol', { Auth: 'good-carol' });
const carolClosed = new Promise((r) => carol.on('close', (code) => r(code)));
carol.send(Buffer.from([0, 1, 2]));
const carolClose = await carolClosed;
console.log(JSON.stringify({ ready: { echo, bobId, refusals, received, carolClose } }));

const lines = readline.createInterface({ input: process.stdin });
for await (const _ of lines) break;
const closed = new Promise((r) => bob.on('close', (code) => r(code)));
bob.close(4001, 'bye');
const bobClose = await closed;
alice.close();
console.log(JSON.stringify({ done: { received, bobClose } }));
process.exit(0);
