# Shared by the emulator benchmarks (bench-emulate.sh, bench-http-api.sh): a work folder with the
# benchmark service, process cleanup, free ports, waiting for a server, and one wrk run.
# Source it from the repository root after setting SECS and CONNS; it sets WORK and PIDS.

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cp -r benches/emulate-service/. "$WORK/"
ln -s "$MODULES" "$WORK/node_modules"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }
wait_http() { # url expected-status
  for _ in $(seq 1 300); do
    [ "$(status "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2; return 1
}
# wrk → "req/s p50_ms p99_ms", after a 2 s warm-up at the same concurrency (so every worker a
# route will use is started before the measured run: cold starts are measured separately)
load() {
  wrk -t2 -c"$CONNS" -d2s "$@" >/dev/null
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    $1=="50%" { p50=ms($2) } $1=="99%" { p99=ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}
OFF_PID=""
stop_offline() { kill "$OFF_PID" 2>/dev/null || true; wait "$OFF_PID" 2>/dev/null || true; sleep 1; }
# the round whose req/s is the median, of lines "req/s p50 p99"
median() { sort -n | awk '{ l[NR]=$0 } END { print l[int((NR+1)/2)] }'; }
