#!/usr/bin/env bash
# Cold-start and warm-invoke times of the emulator's Lambda side (Node.js and Python fixtures).
# Usage: scripts/bench-cold-start.sh [rounds] [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
profile=()
[[ "${2:-}" == "--release" ]] && profile=(--release)
cargo run --quiet "${profile[@]}" --example cold_start -- "$rounds"
