#!/usr/bin/env bash
# Regenerate the oracle CloudFormation templates of the fixture services with the real
# Serverless Framework v3 (`serverless package`), offline (fake credentials, no telemetry).
#
# Usage:
#   scripts/regen-references.sh                 # every fixtures/<name>/ that has a serverless.yml
#   scripts/regen-references.sh cors http-paths # only the named fixtures
#   scripts/regen-references.sh --install-only  # install serverless@3, print its path
#
# Environment:
#   SLS3_HOME   where serverless@SLS3_VERSION (+ plugins) is installed
#               (default: ${XDG_CACHE_HOME:-$HOME/.cache}/slsc-sls3; never inside the repo)
#   KEEP_TMP=1  keep the temporary copies of the services (printed paths) for debugging
#
# Outputs per fixture (JSON re-indented with 2 spaces, key order and values unchanged):
#   fixtures/<name>/expected/sls-v3.json         .serverless/cloudformation-template-update-stack.json
#   fixtures/<name>/expected/sls-v3-create.json  .serverless/cloudformation-template-create-stack.json
#                                                (absent when provider.deploymentBucket is set:
#                                                SF writes no create-stack template then)
#   fixtures/<name>/expected/<file>              stdout of `serverless print <args>` (see `print=` below)
#
# Per-fixture options: optional file fixtures/<name>/regen.env, one `key=value` per line
# (blank lines and lines starting with # are ignored; the file is parsed, not sourced):
#   stage=prod                    --stage for package (default: dev; always passed, so it
#                                 overrides provider.stage)
#   region=eu-west-1              --region for package (default: us-east-1; always passed)
#   param=name=value              adds --param "name=value" to package (repeatable)
#   env=NAME=value                exports NAME=value while running serverless (repeatable)
#   print=<out-file> <args...>    also runs `serverless print <args...>` and saves stdout to
#                                 expected/<out-file> (repeatable; args split on spaces)
#
# AWS is never called: scripts/sls-offline-preload.js answers the one call SF makes while
# packaging (describeStacks, for services with `layers`) with "stack does not exist".
#
# Non-deterministic parts of every template (differ on each run, not part of the contract):
# the ApiGatewayDeployment<epoch-ms> suffix, Code.S3Key, and (only if handler bytes change)
# the <Fn>LambdaVersion<hash> suffix and CodeSha256.
set -euo pipefail

SLS3_VERSION=3.40.0
OFFLINE_VERSION=13.9.0 # serverless-offline, needed by fixtures that list it under `plugins:`

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIXTURES="$REPO_ROOT/fixtures"
SLS3_HOME="${SLS3_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/slsc-sls3}"
SLS="$SLS3_HOME/node_modules/.bin/serverless"

case "$SLS3_HOME" in
  "$REPO_ROOT"|"$REPO_ROOT"/*) echo "SLS3_HOME must be outside the repository" >&2; exit 2 ;;
esac

install_sls() {
  local have=""
  if [ -f "$SLS3_HOME/node_modules/serverless/package.json" ] &&
     [ -f "$SLS3_HOME/node_modules/serverless-offline/package.json" ]; then
    have="$(node -p "require('$SLS3_HOME/node_modules/serverless/package.json').version + ' ' + require('$SLS3_HOME/node_modules/serverless-offline/package.json').version")"
  fi
  if [ "$have" != "$SLS3_VERSION $OFFLINE_VERSION" ]; then
    echo "installing serverless@$SLS3_VERSION serverless-offline@$OFFLINE_VERSION into $SLS3_HOME" >&2
    mkdir -p "$SLS3_HOME"
    [ -f "$SLS3_HOME/package.json" ] || echo '{"name":"slsc-sls3","private":true}' >"$SLS3_HOME/package.json"
    (cd "$SLS3_HOME" && npm install --no-audit --no-fund --save-exact \
      "serverless@$SLS3_VERSION" "serverless-offline@$OFFLINE_VERSION" >&2)
  fi
}

# Re-indent a JSON file with 2 spaces, keeping key order (same serializer SF itself uses).
reindent() { # <src> <dst>
  node -e '
    const fs = require("fs");
    const t = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    fs.writeFileSync(process.argv[2], JSON.stringify(t, null, 2) + "\n");
  ' "$1" "$2"
}

regen_one() { # <fixture dir>
  local dir="$1" name stage=dev region=us-east-1 line key val
  name="$(basename "$dir")"
  local -a params=() envs=() prints=()
  if [ -f "$dir/regen.env" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line%$'\r'}"
      case "$line" in ''|'#'*) continue ;; esac
      key="${line%%=*}"; val="${line#*=}"
      case "$key" in
        stage) stage="$val" ;;
        region) region="$val" ;;
        param) params+=(--param "$val") ;;
        env) envs+=("$val") ;;
        print) prints+=("$val") ;;
        *) echo "$name: unknown key '$key' in regen.env" >&2; return 1 ;;
      esac
    done <"$dir/regen.env"
  fi

  local tmp
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/slsc-regen-$name.XXXXXX")"
  # copy the service without generated/ignored material
  (cd "$dir" && tar --exclude=./expected --exclude=./regen.env --exclude=./node_modules \
      --exclude=./.serverless --exclude='*.zip' --exclude=__pycache__ -cf - .) | (cd "$tmp" && tar -xf -)

  local -a runenv=(env SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
    SLS_DEPRECATION_DISABLE='*' AWS_ACCESS_KEY_ID=AKIAFAKEFAKEFAKEFAKE AWS_SECRET_ACCESS_KEY=fake
    AWS_SESSION_TOKEN= AWS_PROFILE= AWS_DEFAULT_REGION= AWS_REGION= FORCE_COLOR=0 CI=1
    NODE_OPTIONS="--require $REPO_ROOT/scripts/sls-offline-preload.js")
  local e
  for e in ${envs[@]+"${envs[@]}"}; do runenv+=("$e"); done

  local start end ms log="$tmp/.regen.log"
  start="$(date +%s%N)"
  if ! (cd "$tmp" && "${runenv[@]}" "$SLS" package --stage "$stage" --region "$region" \
        ${params[@]+"${params[@]}"} >"$log" 2>&1); then
    echo "FAIL $name (serverless package; temp dir kept: $tmp)" >&2
    sed 's/^/  | /' "$log" >&2
    return 1
  fi
  end="$(date +%s%N)"
  ms=$(( (end - start) / 1000000 ))

  mkdir -p "$dir/expected"
  reindent "$tmp/.serverless/cloudformation-template-update-stack.json" "$dir/expected/sls-v3.json"
  # SF writes no create-stack template when provider.deploymentBucket names an existing bucket
  if [ -f "$tmp/.serverless/cloudformation-template-create-stack.json" ]; then
    reindent "$tmp/.serverless/cloudformation-template-create-stack.json" "$dir/expected/sls-v3-create.json"
  else
    rm -f "$dir/expected/sls-v3-create.json"
  fi

  local p out
  local -a pargs
  for p in ${prints[@]+"${prints[@]}"}; do
    out="${p%% *}"
    read -r -a pargs <<<"${p#* }"
    if ! (cd "$tmp" && "${runenv[@]}" "$SLS" print "${pargs[@]}" >"$dir/expected/$out.tmp" 2>"$log"); then
      echo "FAIL $name (serverless print ${pargs[*]}; temp dir kept: $tmp)" >&2
      sed 's/^/  | /' "$log" >&2
      rm -f "$dir/expected/$out.tmp"
      return 1
    fi
    mv "$dir/expected/$out.tmp" "$dir/expected/$out"
  done

  local warn="" nwarn
  nwarn="$(grep -c '^Warning' "$log" || true)"
  if [ "$nwarn" -gt 0 ]; then
    warn=" ($nwarn warning(s) from serverless, on stderr)"
    grep '^Warning' "$log" | sed "s/^/  $name: /" >&2
  fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then warn="$warn [tmp: $tmp]"; else rm -rf "$tmp"; fi
  printf 'ok   %-24s stage=%-8s region=%-14s package %5d ms%s\n' "$name" "$stage" "$region" "$ms" "$warn"
}

install_sls
if [ "${1:-}" = "--install-only" ]; then echo "$SLS"; exit 0; fi

declare -a targets=()
if [ $# -gt 0 ]; then
  for n in "$@"; do
    n="${n%/}"; n="${n##*/}"
    [ -f "$FIXTURES/$n/serverless.yml" ] || { echo "no fixture $FIXTURES/$n/serverless.yml" >&2; exit 2; }
    targets+=("$FIXTURES/$n")
  done
else
  for f in "$FIXTURES"/*/serverless.yml; do targets+=("$(dirname "$f")"); done
fi

failed=0
for d in "${targets[@]}"; do
  # subshell outside any `||` context so that `set -e` stays active inside regen_one
  set +e
  (set -e; regen_one "$d")
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $(basename "$d") (exit $rc)" >&2
    failed=$((failed + 1))
  fi
done
if [ "$failed" -gt 0 ]; then echo "$failed fixture(s) failed" >&2; exit 1; fi
