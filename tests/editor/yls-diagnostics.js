#!/usr/bin/env node
// Opens YAML files in yaml-language-server (the YAML server of VS Code, Neovim, Helix, ...) with
// a JSON Schema associated to them, as an editor would, and prints the diagnostics it publishes
// for each file as JSON, with the completions offered at the positions asked for:
//   {"diagnostics": {"<file>": [{line, character, message, source}]},
//    "completions": {"<file>:<line>:<character>": ["label", ...]}}   (0-based lines)
//
// usage: node yls-diagnostics.js <yaml-language-server package dir> <schema.json>
//          [--match <glob>]... [--complete <file>:<line>:<character>]... <file.yml>...
//
// `--match` associates the schema with files as the settings in docs/editors.md do
// (`yaml.schemas`: {"<schema>": ["serverless.yml", ...]}); without it, with the files given.
//
// The client speaks LSP over the server's stdio. The server pulls its settings with
// `workspace/configuration` when initialized and validates a document only once that pull is
// done, so the first `publishDiagnostics` of each document is the schema's verdict.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const { pathToFileURL } = require('url');
const fs = require('fs');

const [serverDir, schemaPath, ...rest] = process.argv.slice(2);
const files = [];
const completeAt = [];
const globs = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--complete') completeAt.push(rest[++i]);
  else if (rest[i] === '--match') globs.push(rest[++i]);
  else files.push(rest[i]);
}
if (!serverDir || !schemaPath || files.length === 0) {
  console.error('usage: yls-diagnostics.js <server dir> <schema.json> <file.yml>...');
  process.exit(2);
}

// CloudFormation's short tags, each in the node kinds CloudFormation takes it in: the list
// docs/editors.md gives for `yaml.customTags` (src/load/tags.rs lists the tags slsc reads).
const customTags = [
  '!And sequence', '!Base64 scalar', '!Base64 mapping', '!Cidr sequence', '!Condition scalar',
  '!Equals sequence', '!FindInMap sequence', '!GetAtt scalar', '!GetAtt sequence',
  '!GetAZs scalar', '!GetAZs mapping', '!If sequence', '!ImportValue scalar',
  '!ImportValue mapping', '!Join sequence', '!Not sequence', '!Or sequence', '!Ref scalar',
  '!Select sequence', '!Split sequence', '!Sub scalar', '!Sub sequence',
];

// Every pattern must be an ECMA-262 regex under the `u` flag, as editors compile them: a pattern
// that does not compile is a diagnostic on every value it checks.
function invalidPatterns(schema) {
  const bad = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const patterns = [];
    if (typeof node.pattern === 'string') patterns.push(node.pattern);
    if (node.patternProperties && typeof node.patternProperties === 'object') patterns.push(...Object.keys(node.patternProperties));
    for (const p of patterns) {
      try { new RegExp(p, 'u'); } catch (e) { bad.push(`${p}: ${e.message}`); }
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  return bad;
}
const badPatterns = invalidPatterns(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
if (badPatterns.length) {
  console.error(`patterns that are not ECMA-262:\n  ${badPatterns.join('\n  ')}`);
  process.exit(4);
}

const schemaUri = pathToFileURL(path.resolve(schemaPath)).href;
const settings = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    customTags,
    schemaStore: { enable: false },
    schemas: { [schemaUri]: globs.length ? globs : files.map((f) => path.resolve(f)) },
  },
};

const server = spawn(process.execPath, [path.join(serverDir, 'bin', 'yaml-language-server'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});

let nextId = 1;
const pending = new Map();
function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
function notify(method, params) {
  send({ method, params });
}

const results = {};
const waiting = new Map(); // uri -> file
let allPublished = null;

function onMessage(msg) {
  if (msg.id !== undefined && msg.method === undefined) {
    const resolve = pending.get(msg.id);
    pending.delete(msg.id);
    if (resolve) resolve(msg.result);
    return;
  }
  if (msg.method === 'workspace/configuration') {
    const answer = msg.params.items.map((item) => (item.section === 'yaml' ? settings.yaml : null));
    send({ id: msg.id, result: answer });
  } else if (msg.id !== undefined) {
    // other server requests (registrations, progress): accept them
    send({ id: msg.id, result: null });
  } else if (msg.method === 'textDocument/publishDiagnostics') {
    const file = waiting.get(msg.params.uri);
    if (file === undefined) return;
    waiting.delete(msg.params.uri);
    results[file] = msg.params.diagnostics.map((d) => ({
      line: d.range.start.line,
      character: d.range.start.character,
      message: d.message,
      source: d.source,
    }));
    if (waiting.size === 0 && allPublished) allPublished();
  }
}

let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const header = buffer.subarray(0, headerEnd).toString('ascii');
    const m = /Content-Length: *(\d+)/i.exec(header);
    const length = m ? Number(m[1]) : 0;
    if (buffer.length < headerEnd + 4 + length) return;
    const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    buffer = buffer.subarray(headerEnd + 4 + length);
    onMessage(JSON.parse(body));
  }
});

async function main() {
  const deadline = setTimeout(() => {
    console.error(`yaml-language-server published nothing for: ${[...waiting.values()].join(', ')}`);
    process.exit(3);
  }, 120000);
  await request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        publishDiagnostics: { relatedInformation: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
      },
    },
  });
  notify('initialized', {});
  const done = new Promise((resolve) => (allPublished = resolve));
  for (const f of files) {
    const uri = pathToFileURL(path.resolve(f)).href;
    waiting.set(uri, f);
    notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(f, 'utf8') },
    });
  }
  await done;
  const completions = {};
  for (const at of completeAt) {
    const [, file, line, character] = /^(.*):(\d+):(\d+)$/.exec(at);
    const uri = pathToFileURL(path.resolve(file)).href;
    const list = await request('textDocument/completion', {
      textDocument: { uri },
      position: { line: Number(line), character: Number(character) },
    });
    completions[at] = ((list && list.items) || list || []).map((item) => item.label);
  }
  clearTimeout(deadline);
  await request('shutdown', null);
  notify('exit', null);
  process.stdout.write(JSON.stringify({ diagnostics: results, completions }, null, 1) + '\n');
}
main();
