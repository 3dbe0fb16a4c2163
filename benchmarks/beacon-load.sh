#!/usr/bin/env bash
# Reports per second into the beacon, embedded H2 and (when BEACON_BENCH_PG_URL is set) PostgreSQL:
# the beacon runs in one process, the load from another, over loopback.
#   benchmarks/beacon-load.sh [clients] [seconds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f beacon/target/beacon.jar && -f benchmarks/target/benchmarks.jar ]] || mvn -q -B -DskipTests package
clients=${1:-8}
seconds=${2:-10}
port=18080
run() {
  local name=$1; shift
  local data; data=$(mktemp -d)
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar beacon/target/beacon.jar --listen 127.0.0.1:$port \
       --data-dir "$data" --rate-limit 0 "$@" > "$data/beacon.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
  printf '%-11s ' "$name"
  java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.BeaconLoad "http://127.0.0.1:$port/v1/report" "$clients" "$seconds"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
run "embedded"
if [[ -n "${BEACON_BENCH_PG_URL:-}" ]]; then
  run "postgresql" --db "$BEACON_BENCH_PG_URL"
fi
