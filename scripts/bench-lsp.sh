#!/usr/bin/env bash
# `slsc lsp` responsiveness on a large file: the generated 1,000-endpoint service (`slsc synth`)
# opened in the server, then ROUNDS edits, each a one-character change of one function's
# timeout sent as an incremental didChange; measured is the time from sending the change to
# receiving its publishDiagnostics, through VS Code's own JSON-RPC client
# (tests/editor/lsp-session.js), with the default debounce (30 ms) and with none (the pipeline
# alone). Needs a release build (`cargo build --release`) and the test suite's npm install of
# yaml-language-server (its node_modules holds vscode-jsonrpc): run `cargo test --test lsp` once.
#
# usage: scripts/bench-lsp.sh [ROUNDS=60] [ENDPOINTS=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-60}"
ENDPOINTS="${2:-1000}"
BIN="${SLSC_BIN:-target/release/slsc}"
MODULES="${SLSC_YLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slsc-yaml-language-server-1.25.0}/node_modules"
[ -d "$MODULES/vscode-jsonrpc" ] || { echo "no $MODULES/vscode-jsonrpc: run cargo test --test lsp first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" synth --endpoints "$ENDPOINTS" "$WORK/svc" >/dev/null
for debounce in 30 0; do
  node - "$WORK/svc/serverless.yml" "$ROUNDS" "$debounce" > "$WORK/steps.json" <<'JS'
const fs = require('fs');
const [file, rounds, debounce] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const uri = 'file://' + file;
// the line of the first `timeout: 10`, character of its last digit
const lines = text.split('\n');
const line = lines.findIndex((l) => l.trim() === 'timeout: 10');
const ch = lines[line].indexOf('10') + 1;
const steps = [
  { request: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: Number(debounce) } } },
  { notify: 'initialized', params: {} },
  { notify: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } },
  { diagnostics: uri },
];
for (let i = 0; i < Number(rounds); i++) {
  const range = { start: { line, character: ch }, end: { line, character: ch + 1 } };
  steps.push({ notify: 'textDocument/didChange', params: { textDocument: { uri, version: i + 2 }, contentChanges: [{ range, text: String((i + 1) % 10) }] } });
  steps.push({ diagnostics: uri });
}
steps.push({ request: 'shutdown', params: null }, { notify: 'exit', params: null }, { exit: true });
process.stdout.write(JSON.stringify(steps));
JS
  node tests/editor/lsp-session.js "$MODULES" "$WORK/steps.json" "$BIN" lsp > "$WORK/out.json"
  node - "$WORK/out.json" "$debounce" <<'JS'
const out = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const published = out.filter((o) => o.ms !== undefined);
const open = published[0].ms;
const ms = published.slice(1).map((o) => o.ms).sort((a, b) => a - b);
const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
console.log(`debounce ${process.argv[3]} ms: didOpen → diagnostics ${open.toFixed(1)} ms; ` +
  `didChange → diagnostics over ${ms.length} edits: median ${q(0.5).toFixed(1)} ms, ` +
  `p90 ${q(0.9).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms`);
JS
done
