#!/usr/bin/env bash
# Tries every aws-* service of serverless/examples as a new user would: `serverless package`
# with SF v3.40 (offline, as regen-references.sh runs it) and `slsc compile` on the same
# folder, then compares the two templates (volatile ids normalized, examples/compare_templates.rs).
#
# Usage:
#   scripts/examples-sweep.sh [EXAMPLES_CHECKOUT] [service ...]
# EXAMPLES_CHECKOUT defaults to a shallow clone of github.com/serverless/examples in
# ${XDG_CACHE_HOME:-$HOME/.cache}/slsc-examples. One line per service:
#   same | differs (first lines of the difference) | sf-fails (SF's first error) | slsc-fails
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLS="$("$REPO_ROOT/scripts/regen-references.sh" --install-only)"
EXAMPLES="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/slsc-examples}"
shift || true
if [ ! -d "$EXAMPLES" ]; then
  git clone --quiet --depth 1 https://github.com/serverless/examples "$EXAMPLES"
fi

(cd "$REPO_ROOT" && cargo build --quiet --bin slsc --example compare_templates)
SLSC="$REPO_ROOT/target/debug/slsc"
COMPARE="$REPO_ROOT/target/debug/examples/compare_templates"

runenv=(env SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
  SLS_DEPRECATION_DISABLE='*' AWS_ACCESS_KEY_ID=AKIAFAKEFAKEFAKEFAKE AWS_SECRET_ACCESS_KEY=fake
  AWS_SESSION_TOKEN= AWS_PROFILE= AWS_DEFAULT_REGION= AWS_REGION= FORCE_COLOR=0 CI=1
  NODE_OPTIONS="--require $REPO_ROOT/scripts/sls-offline-preload.js")

# Writes a stand-in file for every function's handler path and every `package.artifact` of
# the service in $1 (read with the js-yaml SF itself uses).
placeholders() {
  NODE_PATH="$(dirname "$SLS")/../../node_modules" node - "$1" <<'JS'
const fs = require('fs'); const path = require('path'); const yaml = require('js-yaml');
const dir = process.argv[2];
const doc = yaml.load(fs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8'), { json: true }) || {};
const touch = (rel, zip) => {
  if (typeof rel !== 'string' || rel.includes('${')) return;
  const file = path.join(dir, rel);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // an empty zip for artifacts, a stand-in binary otherwise
  fs.writeFileSync(file, zip ? Buffer.from('504b0506' + '00'.repeat(18), 'hex') : 'placeholder\n');
};
if (doc.package && doc.package.artifact) touch(doc.package.artifact, true);
for (const l of Object.values(doc.layers || {})) {
  if (l && typeof l.path === 'string') touch(path.join(l.path, 'placeholder'), false);
}
for (const f of Object.values(doc.functions || {})) {
  if (!f) continue;
  if (typeof f.handler === 'string') touch(f.handler, false);
  if (f.package && f.package.artifact) touch(f.package.artifact, true);
}
JS
}

services=("$@")
if [ ${#services[@]} -eq 0 ]; then
  for f in "$EXAMPLES"/aws-*/serverless.yml; do services+=("$(basename "$(dirname "$f")")"); done
fi

same=0 differs=0 sffails=0 slscfails=0
for name in "${services[@]}"; do
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/slsc-sweep-$name.XXXXXX")"
  (cd "$EXAMPLES/$name" && tar --exclude=./node_modules --exclude=./.serverless -cf - .) | (cd "$tmp" && tar -xf -)
  if ! (cd "$tmp" && timeout 300 "${runenv[@]}" "$SLS" package --stage dev --region us-east-1 >"$tmp/.sf.log" 2>&1) &&
     grep -qE 'No file matches include|Cannot access package artifact' "$tmp/.sf.log"; then
    # compiled languages (Go, Java): stand-ins for the binaries and zips a build would make,
    # so that both tools package the service as its author would after building it
    placeholders "$tmp"
  fi
  if ! (cd "$tmp" && timeout 300 "${runenv[@]}" "$SLS" package --stage dev --region us-east-1 >"$tmp/.sf.log" 2>&1); then
    # SF prints `Error:` and the message on the next line
    why="$(grep -m1 -A1 '^Error:' "$tmp/.sf.log" | tail -1 || true)"
    [ -n "$why" ] || why="$(tail -1 "$tmp/.sf.log")"
    printf '%-48s sf-fails: %s\n' "$name" "${why:0:110}"
    sffails=$((sffails + 1)); rm -rf "$tmp"; continue
  fi
  if ! (cd "$tmp" && "$SLSC" compile --stage dev --region us-east-1 -o "$tmp/.slsc.json" >"$tmp/.slsc.log" 2>&1); then
    why="$(grep -m1 -E '^(error|  ×)' "$tmp/.slsc.log" || tail -1 "$tmp/.slsc.log")"
    printf '%-48s slsc-fails: %s\n' "$name" "${why:0:110}"
    slscfails=$((slscfails + 1)); rm -rf "$tmp"; continue
  fi
  if diff="$("$COMPARE" "$tmp/.serverless/cloudformation-template-update-stack.json" "$tmp/.slsc.json")"; then
    printf '%-48s same\n' "$name"
    same=$((same + 1))
  else
    printf '%-48s differs: %s\n' "$name" "$(echo "$diff" | head -3 | tr '\n' ' ' | cut -c1-200)"
    differs=$((differs + 1))
  fi
  rm -rf "$tmp"
done
echo "same $same, differs $differs, SF fails $sffails, slsc fails $slscfails"
