#!/usr/bin/env bash
# The HTTP API side of `slsc emulate` (issue #16), on benches/emulate-service and its one Node
# handler, loaded with wrk over loopback: the REST proxy route `GET /dev/hello` against the
# HTTP API route `GET /hello` (same handler), and the JWT-protected HTTP API route
# `GET /hello-jwt` against the unprotected one; then the same HTTP API routes under
# serverless-offline 13, side by side. Prints each figure and whether its goal is met:
#   HTTP API / REST req/s >= 0.95, HTTP API p99 < 2 ms, JWT / unprotected req/s >= 0.90.
#
# The token is signed once here with the unit tests' RSA key and slsc is given the matching
# public key with --jwks: the token's signature is verified for real (once: slsc remembers
# the tokens that verified, as a client sends the same one until it expires; the header and
# claims are checked on every request). serverless-offline starts with JWT authorizers only with
# --ignoreJWTSignature: it decodes the token and checks its claims but verifies no signature,
# so it does less per request than the route should.
#
# Rounds alternate as in scripts/bench-emulate.sh: each round loads the three slsc routes
# (REST, HTTP API, JWT, then the other way round, so no route always runs first), then a fresh serverless-offline
# (it slows down the longer it is loaded) for its two routes; each figure is its median
# round, and the ratios are also given per round. The load average is printed with each round,
# since on a shared machine the figures move with it.
#
# usage: [ROUNDS=3] scripts/bench-http-api.sh [seconds per run, default 10] [connections, default 10]
# needs: wrk (apt-get install wrk), node; installs serverless@3 + serverless-offline@13 through
# scripts/regen-references.sh --install-only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-10}
ROUNDS=${ROUNDS:-3}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
SLS=$(scripts/regen-references.sh --install-only | tail -n 1)
MODULES=$(cd "$(dirname "$SLS")/.." && pwd)
[ -d "$MODULES/serverless-offline" ] || (cd "$MODULES/.." && npm install --no-audit --no-fund serverless-offline@13 >/dev/null)

cargo build --release --quiet
SLSC=target/release/slsc

. scripts/bench-lib.sh

# The JWKS for --jwks and one RS256 token for the service's issuerJwt authorizer (issuer,
# audience, an hour of validity: longer than any run).
KEY_B64=src/emulate/gateway/auth/authorizer/testdata/rsa2048.pkcs1.b64
TOKEN=$(node - "$KEY_B64" "$WORK/jwks.json" <<'EOF'
const crypto = require('crypto');
const fs = require('fs');
const [keyFile, jwksFile] = process.argv.slice(2);
const key = crypto.createPrivateKey({
  key: Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64'), format: 'der', type: 'pkcs1',
});
const pub = crypto.createPublicKey(key).export({ format: 'jwk' });
fs.writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...pub, alg: 'RS256', use: 'sig', kid: 'bench' }] }));
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${b64({
  sub: 'bench', iss: 'https://issuer.example.com', aud: 'bench-client', iat: now, exp: now + 3600,
  scope: 'profile/read',
})}`;
console.log(`${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`);
EOF
)
AUTH="Authorization: Bearer $TOKEN"

# checks that a route answers as it should before it is loaded: a 401 measured as 200s
# would make the JWT figures meaningless
expect() { # status url [curl args]
  local want=$1 url=$2; shift 2
  local got; got=$(status "$@" "$url")
  [ "$got" = "$want" ] || { echo "$url answered $got, expected $want" >&2; exit 1; }
}

P_SLSC=$(free_port); P_OFF=$(free_port); P_OFFL=$(free_port)
"$SLSC" -c "$WORK/serverless.yml" emulate --port "$P_SLSC" --jwks "$WORK/jwks.json" >/dev/null 2>"$WORK/slsc.log" & PIDS+=($!)
S_URL=http://127.0.0.1:$P_SLSC
O_URL=http://127.0.0.1:$P_OFF
start_offline() {
  (cd "$WORK" && exec node "$SLS" offline start --ignoreJWTSignature --httpPort "$P_OFF" --lambdaPort "$P_OFFL" >>"$WORK/offline.log" 2>&1) &
  OFF_PID=$!; PIDS+=("$OFF_PID")
  wait_http "$O_URL/hello" 200
  expect 401 "$O_URL/hello-jwt"
  expect 200 "$O_URL/hello-jwt" -H "$AUTH"
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "$O_URL/hello"; curl -s -o /dev/null -H "$AUTH" "$O_URL/hello-jwt"; done
}

wait_http "$S_URL/dev/hello" 200
expect 200 "$S_URL/hello"
expect 401 "$S_URL/hello-jwt"
expect 200 "$S_URL/hello-jwt" -H "$AUTH"
for _ in 1 2 3 4 5; do for p in /dev/hello /hello; do curl -s -o /dev/null "$S_URL$p"; done; done

printf '%-40s %10s %9s %9s\n' "run ($CONNS connections, ${SECS}s)" "req/s" "p50 ms" "p99 ms"
row() { printf '%-40s %10s %9s %9s\n' "$1" $2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
REST=""; HTTP=""; JWT=""; OHTTP=""; OJWT=""; PER_ROUND=""
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r, load average $(loadavg)"
  if [ $((r % 2)) = 1 ]; then
    rest=$(load "$S_URL/dev/hello"); http=$(load "$S_URL/hello"); jwt=$(load -H "$AUTH" "$S_URL/hello-jwt")
  else
    jwt=$(load -H "$AUTH" "$S_URL/hello-jwt"); http=$(load "$S_URL/hello"); rest=$(load "$S_URL/dev/hello")
  fi
  row "slsc  REST    GET /dev/hello" "$rest"; REST+="$rest"$'\n'
  row "slsc  HTTP    GET /hello" "$http"; HTTP+="$http"$'\n'
  row "slsc  HTTP    GET /hello-jwt" "$jwt"; JWT+="$jwt"$'\n'
  start_offline
  ohttp=$(load "$O_URL/hello"); row "offline HTTP  GET /hello" "$ohttp"; OHTTP+="$ohttp"$'\n'
  ojwt=$(load -H "$AUTH" "$O_URL/hello-jwt"); row "offline HTTP  GET /hello-jwt" "$ojwt"; OJWT+="$ojwt"$'\n'
  stop_offline
  PER_ROUND+="round $r: HTTP/REST $(ratio "${http%% *}" "${rest%% *}"), JWT/unprotected $(ratio "${jwt%% *}" "${http%% *}"), slsc/offline HTTP $(ratio "${http%% *}" "${ohttp%% *}") JWT $(ratio "${jwt%% *}" "${ojwt%% *}")"$'\n'
done
echo "after the rounds, load average $(loadavg)"

echo
echo "medians of $ROUNDS rounds"
R=$(printf '%s' "$REST" | median); row "slsc  REST    GET /dev/hello" "$R"
H=$(printf '%s' "$HTTP" | median); row "slsc  HTTP    GET /hello" "$H"
J=$(printf '%s' "$JWT" | median); row "slsc  HTTP    GET /hello-jwt" "$J"
OH=$(printf '%s' "$OHTTP" | median); row "offline HTTP  GET /hello" "$OH"
OJ=$(printf '%s' "$OJWT" | median); row "offline HTTP  GET /hello-jwt" "$OJ"

echo
printf '%s' "$PER_ROUND"
goal() { # label value op bound
  local met; met=$(awk -v v="$2" -v b="$4" -v op="$3" 'BEGIN { print ((op == ">=" ? v >= b : v < b) ? "met" : "NOT MET") }')
  printf '%-46s %8s  (goal %s %s) %s\n' "$1" "$2" "$3" "$4" "$met"
}
echo
goal "HTTP API / REST proxy req/s (medians)" "$(ratio "${H%% *}" "${R%% *}")" ">=" 0.95
goal "HTTP API GET /hello p99 ms (median round)" "$(echo "$H" | cut -d' ' -f3)" "<" 2
goal "JWT-protected / unprotected req/s (medians)" "$(ratio "${J%% *}" "${H%% *}")" ">=" 0.90
echo "offline: JWT (signature ignored) / unprotected:  $(ratio "${OJ%% *}" "${OH%% *}")"
echo "slsc / offline, GET /hello:                      $(ratio "${H%% *}" "${OH%% *}")x"
echo "slsc / offline, GET /hello-jwt:                  $(ratio "${J%% *}" "${OJ%% *}")x"
