#!/usr/bin/env bash
# `slsc invoke` of a Node.js handler from process start, side by side with SF v3's
# `serverless invoke local` on the same service: each command run in full (process start,
# configuration, runtime start, the handler, the answer printed), wall time per run.
# Also `slsc invoke` of a Python handler, and with a sample event (`--event sqs`).
#
# Usage: scripts/bench-invoke.sh [slsc-runs] [serverless-runs]   (defaults 30 and 5)
# Needs a release build (built here) and serverless@3 (scripts/regen-references.sh installs it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLSC_RUNS="${1:-30}"
SLS_RUNS="${2:-5}"

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
SLSC="$ROOT/target/release/slsc"
SLS="$("$ROOT/scripts/regen-references.sh" --install-only)"

work="$(mktemp -d "${TMPDIR:-/tmp}/slsc-bench-invoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat > "$work/serverless.yml" <<'YAML'
service: bench-invoke
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE: orders
functions:
  hello:
    handler: handler.hello
  py:
    handler: pyhandler.hello
    runtime: python3.11
YAML
cat > "$work/handler.js" <<'JS'
'use strict';
exports.hello = async (event) => ({ statusCode: 200, body: JSON.stringify({ ok: true, table: process.env.TABLE, n: event.n }) });
JS
cat > "$work/pyhandler.py" <<'PY'
def hello(event, context):
    return {"ok": True}
PY

export SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off \
  SLS_DEPRECATION_DISABLE='*' AWS_ACCESS_KEY_ID=AKIAFAKE AWS_SECRET_ACCESS_KEY=fake CI=1

# "median min p90" milliseconds of `runs` runs of a command (each checked to succeed once)
measure() { # <runs> <cmd...>
  local runs="$1"; shift
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }
  for _ in $(seq "$runs"); do
    local s e
    s="$(date +%s%N)"
    "$@" >/dev/null 2>&1
    e="$(date +%s%N)"
    echo $(( (e - s) / 100000 ))
  done | sort -n | awk '{ v[NR]=$1 } END {
    printf "%.1f %.1f %.1f\n", v[int((NR+1)/2)]/10, v[1]/10, v[int(NR*0.9+0.5)]/10 }'
}

cd "$work"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %8s %8s\n' command "median ms" "min ms" "p90 ms"
row() { printf '%-44s %10s %8s %8s\n' "$1" $2; }
row "slsc invoke -f hello (Node.js)" "$(measure "$SLSC_RUNS" "$SLSC" invoke -f hello --data '{"n":1}')"
row "slsc invoke -f hello --event sqs" "$(measure "$SLSC_RUNS" "$SLSC" invoke -f hello --event sqs)"
row "slsc invoke -f py (Python)" "$(measure "$SLSC_RUNS" "$SLSC" invoke -f py --data '{}')"
row "node -e 0 (Node.js start alone)" "$(measure "$SLSC_RUNS" node -e 0)"
row "serverless invoke local -f hello (SF 3)" "$(measure "$SLS_RUNS" "$SLS" invoke local -f hello --data '{"n":1}')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
