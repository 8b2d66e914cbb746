#!/usr/bin/env bash
# The WebSocket API under load: slsc emulate and serverless-offline 13 serve the same echo
# handler (benches/websocket-service, route $default with a route response); the `ws` client
# of tests/emulate/websocket/bench.mjs keeps CONNS connections each sending a message and
# waiting for its echo. Prints messages/s, p50 and p99 for both and the throughput ratio.
#
# Usage: scripts/bench-websocket.sh [CONNS] [SECS]   (defaults 32 and 10)
# Needs: node; builds slsc in release; installs serverless@3 + serverless-offline@13 under
# ~/.cache/slsc-sls3 (scripts/regen-references.sh) and the test folder's `ws` when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS="${1:-32}"
SECS="${2:-10}"
cargo build --release --quiet
SLSC="$PWD/target/release/slsc"
SLS=$(scripts/regen-references.sh --install-only | tail -n 1)
MODULES=$(cd "$(dirname "$SLS")/../.." && pwd)
[ -d "$MODULES/serverless-offline" ] || (cd "$MODULES/.." && npm install --no-audit --no-fund serverless-offline@13 >/dev/null)
[ -d tests/emulate/websocket/node_modules/ws ] || (cd tests/emulate/websocket && npm ci --no-audit --no-fund --loglevel=error)
CLIENT="$PWD/tests/emulate/websocket/bench.mjs"

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cp -r benches/websocket-service/. "$WORK/"
ln -s "$MODULES" "$WORK/node_modules"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_port() { # port
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1" >&2; return 1
}
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off AWS_ACCESS_KEY_ID=AKIAFAKE AWS_SECRET_ACCESS_KEY=fake

P_SLSC=$(free_port); P_WS=$(free_port)
"$SLSC" -c "$WORK/serverless.yml" emulate --port "$P_SLSC" --websocket-port "$P_WS" >/dev/null 2>"$WORK/slsc.log" & PIDS+=($!)
wait_port "$P_WS"
S=$(node "$CLIENT" "ws://127.0.0.1:$P_WS/dev" "$CONNS" "$SECS")

P_OFF=$(free_port); P_OFFWS=$(free_port); P_OFFL=$(free_port)
(cd "$WORK" && exec node "$SLS" offline start --httpPort "$P_OFF" --websocketPort "$P_OFFWS" --lambdaPort "$P_OFFL" >"$WORK/offline.log" 2>&1) & PIDS+=($!)
wait_port "$P_OFFWS"
O=$(node "$CLIENT" "ws://127.0.0.1:$P_OFFWS" "$CONNS" "$SECS")

printf '%-22s %12s %10s %10s\n' "$CONNS connections" "messages/s" "p50 (ms)" "p99 (ms)"
printf '%-22s %12s %10s %10s\n' "slsc emulate" $S
printf '%-22s %12s %10s %10s\n' "serverless-offline 13" $O
echo "messages/s ratio slsc / offline: $(awk -v a="${S%% *}" -v b="${O%% *}" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')x"
