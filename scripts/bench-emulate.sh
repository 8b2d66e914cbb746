#!/usr/bin/env bash
# Runs `slsc emulate` and serverless-offline 13 on the same service (benches/emulate-service) and
# the same Node handler, loads each route with wrk over loopback at a bounded number of
# connections, and prints req/s, p50 and p99 for both and the ratio. Also: the Node cold start
# (first request on a fresh emulator), the emulator's own path (an unknown route's answer: the
# HTTP API's 404, since the service has httpApi routes for scripts/bench-http-api.sh, and an
# unmatched path under the stage goes to it) against a bare hyper server's 403, and the mock and
# authorizer-protected routes.
#
# The two tools' GET /hello runs alternate over ROUNDS rounds (default 5) and each reports its
# median round, so a drift in the machine's speed during the run reaches both alike.
# serverless-offline is started afresh for each of its rounds: it slows down the longer it
# is loaded (from one 12 s round to the next, by a third or more), and a fresh one is its best.
#
# usage: [ROUNDS=5] scripts/bench-emulate.sh [seconds per run, default 10] [connections, default 10]
# needs: wrk (apt-get install wrk), node; installs serverless@3 + serverless-offline@13 through
# scripts/regen-references.sh --install-only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-10}
ROUNDS=${ROUNDS:-5}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
SLS=$(scripts/regen-references.sh --install-only | tail -n 1)
MODULES=$(cd "$(dirname "$SLS")/.." && pwd)
[ -d "$MODULES/serverless-offline" ] || (cd "$MODULES/.." && npm install --no-audit --no-fund serverless-offline@13 >/dev/null)

cargo build --release --quiet
cargo build --release --quiet --bench bare_hyper 2>/dev/null || true
BARE=$(ls -t target/release/deps/bare_hyper-* 2>/dev/null | grep -v '\.d$' | head -n 1)
SLSC=target/release/slsc

. scripts/bench-lib.sh

P_SLSC=$(free_port); P_OFF=$(free_port); P_OFFL=$(free_port); P_BARE=$(free_port)
"$SLSC" -c "$WORK/serverless.yml" emulate --port "$P_SLSC" >/dev/null 2>"$WORK/slsc.log" & PIDS+=($!)
# --ignoreJWTSignature: offline refuses to start with the service's httpApi JWT authorizer
# without it; the REST routes measured here do not use it
start_offline() {
  (cd "$WORK" && exec node "$SLS" offline start --ignoreJWTSignature --httpPort "$P_OFF" --lambdaPort "$P_OFFL" >>"$WORK/offline.log" 2>&1) &
  OFF_PID=$!; PIDS+=("$OFF_PID")
  wait_http "http://127.0.0.1:$P_OFF/dev/hello" 200
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$P_OFF/dev/hello"; done
}
[ -n "$BARE" ] && { "$BARE" --port "$P_BARE" >/dev/null 2>&1 & PIDS+=($!); }

wait_http "http://127.0.0.1:$P_SLSC/dev/hello" 200
for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$P_SLSC/dev/hello"; done

printf '%-34s %10s %9s %9s\n' "run ($CONNS connections, ${SECS}s)" "req/s" "p50 ms" "p99 ms"
row() { printf '%-34s %10s %9s %9s\n' "$1" $2; }
SR=""; OR=""
for r in $(seq 1 "$ROUNDS"); do
  s=$(load "http://127.0.0.1:$P_SLSC/dev/hello"); row "slsc emulate  GET /hello, round $r" "$s"; SR+="$s"$'\n'
  start_offline
  o=$(load "http://127.0.0.1:$P_OFF/dev/hello");  row "offline 13    GET /hello, round $r" "$o"; OR+="$o"$'\n'
  stop_offline
done
S=$(printf '%s' "$SR" | median); row "slsc emulate  GET /hello (median)" "$S"
O=$(printf '%s' "$OR" | median); row "offline 13    GET /hello (median)" "$O"
U=$(load "http://127.0.0.1:$P_SLSC/dev/nope");  row "slsc emulate  unknown route 404" "$U"
if [ -n "$BARE" ]; then wait_http "http://127.0.0.1:$P_BARE/" 403; B=$(load "http://127.0.0.1:$P_BARE/"); row "bare hyper    403" "$B"; fi
M=$(load "http://127.0.0.1:$P_SLSC/dev/mock"); row "slsc emulate  GET /mock" "$M"
A=""
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: token' "http://127.0.0.1:$P_SLSC/dev/protected")" = 200 ]; then
  A=$(load -H 'Authorization: token' "http://127.0.0.1:$P_SLSC/dev/protected"); row "slsc emulate  GET /protected (cached)" "$A"
  A=${A%% *}
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
echo
echo "req/s ratio slsc / offline (GET /hello, medians): $(ratio "${S%% *}" "${O%% *}")x"
[ -n "$BARE" ] && echo "unknown-route 404 slsc / bare hyper 403:       $(ratio "${U%% *}" "${B%% *}")"
[ -n "$BARE" ] && echo "mock route slsc / bare hyper:                   $(ratio "${M%% *}" "${B%% *}")"
[ -n "$A" ] && echo "authorizer (warm cache) / unprotected route:    $(ratio "$A" "${S%% *}")"

# Node cold start: the first request on a fresh emulator (worker start + module load + answer)
echo
for i in 1 2 3 4 5; do
  P=$(free_port)
  "$SLSC" -c "$WORK/serverless.yml" emulate --port "$P" >/dev/null 2>&1 & pid=$!
  wait_http "http://127.0.0.1:$P/dev/nope" 404
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$P/dev/hello"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done | sort -n | awk '{ t[NR]=$1*1000 } END { printf "Node cold start (first request, median of %d): %.1f ms\n", NR, t[int((NR+1)/2)] }'
