#!/usr/bin/env bash
# slsc compile vs serverless package (v3), side by side on the same services: mean wall time,
# peak memory and the ratio. Services: fixtures/features-a and a generated 1,000-endpoint one.
#
# Usage: scripts/bench-compile.sh [slsc-runs] [serverless-runs]   (defaults 30 and 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLSC_RUNS="${1:-30}"
SLS_RUNS="${2:-3}"

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
SLSC="$ROOT/target/release/slsc"
SLS="$("$ROOT/scripts/regen-references.sh" --install-only)"

work="$(mktemp -d "${TMPDIR:-/tmp}/slsc-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$ROOT/fixtures/features-a" "$work/features-a"
rm -rf "$work/features-a/expected"
"$SLSC" synth --endpoints 1000 "$work/synth-1000"

export SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off \
  SLS_DEPRECATION_DISABLE='*' AWS_ACCESS_KEY_ID=AKIAFAKE AWS_SECRET_ACCESS_KEY=fake CI=1

# mean milliseconds of `runs` runs of a command, and the peak RSS (KiB) of the last one
measure() { # <runs> <cmd...>
  local runs="$1"; shift
  local start end rss
  start="$(date +%s%N)"
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end="$(date +%s%N)"
  /usr/bin/time -o "$work/rss" -f '%M' "$@" >/dev/null 2>&1
  rss="$(tail -1 "$work/rss")"
  echo "$(( (end - start) / runs / 1000000 )) $rss"
}

printf '%-12s %14s %14s %10s %16s %16s\n' service "slsc (ms)" "sls v3 (ms)" ratio "slsc RSS (MiB)" "sls RSS (MiB)"
for svc in features-a synth-1000; do
  cd "$work/$svc"
  read -r slsc_ms slsc_rss < <(measure "$SLSC_RUNS" "$SLSC" compile --stage dev --region us-east-1)
  read -r sls_ms sls_rss < <(measure "$SLS_RUNS" "$SLS" package --stage dev --region us-east-1)
  ratio="$(awk -v a="$sls_ms" -v b="$slsc_ms" 'BEGIN { printf "%.0fx", a / (b > 0 ? b : 1) }')"
  printf '%-12s %14s %14s %10s %16s %16s\n' "$svc" "$slsc_ms" "$sls_ms" "$ratio" \
    "$((slsc_rss / 1024))" "$((sls_rss / 1024))"
done
