#!/usr/bin/env node
// Drives a language server over stdio with VS Code's own JSON-RPC library (vscode-jsonrpc, the
// client side of VS Code's language clients), step by step, and prints every answer as JSON.
//
// usage: node lsp-session.js <node_modules dir holding vscode-jsonrpc> <steps.json> <server> [args...]
//
// steps.json is a list of:
//   {"request": method, "params": ...}   -> {"result": ...} or {"error": ...}
//   {"notify": method, "params": ...}    -> {}
//   {"diagnostics": uri}                 -> the next publishDiagnostics for uri not yet taken, with
//                                           "ms": the time since the step before it ended
//   {"write": path, "text": ...}         -> {} once the file is written (as an editor saves it)
//   {"exit": true}                       -> {"code": exit code} once the server has exited
// Requests from the server are answered with null (workspace/configuration with []).
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const [modules, stepsFile, command, ...args] = process.argv.slice(2);
const rpc = require(path.join(modules, 'vscode-jsonrpc', 'node'));
const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));

const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const conn = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);

// publishDiagnostics by uri, in arrival order, and who is waiting for the next one
const published = new Map();
const waiting = new Map();
conn.onNotification('textDocument/publishDiagnostics', (params) => {
  const entry = { params, at: process.hrtime.bigint() };
  const waiter = waiting.get(params.uri);
  if (waiter) {
    waiting.delete(params.uri);
    waiter(entry);
  } else {
    if (!published.has(params.uri)) published.set(params.uri, []);
    published.get(params.uri).push(entry);
  }
});
conn.onRequest((method) => (method === 'workspace/configuration' ? [] : null));
conn.listen();

function nextDiagnostics(uri) {
  const queued = published.get(uri);
  if (queued && queued.length) return Promise.resolve(queued.shift());
  return new Promise((resolve) => waiting.set(uri, resolve));
}

async function main() {
  const deadline = setTimeout(() => {
    console.error('lsp-session: no answer within 120 s');
    process.exit(3);
  }, 120000);
  const out = [];
  let last = process.hrtime.bigint();
  for (const step of steps) {
    if (step.request) {
      try {
        out.push({ result: await conn.sendRequest(step.request, step.params) });
      } catch (e) {
        out.push({ error: { code: e.code, message: e.message } });
      }
    } else if (step.notify) {
      await conn.sendNotification(step.notify, step.params);
      out.push({});
    } else if (step.diagnostics) {
      const entry = await nextDiagnostics(step.diagnostics);
      out.push({ ...entry.params, ms: Number(entry.at - last) / 1e6 });
    } else if (step.write) {
      fs.writeFileSync(step.write, step.text);
      out.push({});
    } else if (step.exit) {
      conn.dispose();
      out.push({ code: await exited });
    }
    last = process.hrtime.bigint();
  }
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}
main();
