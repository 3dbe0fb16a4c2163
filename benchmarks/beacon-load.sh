#!/usr/bin/env bash
# Reports per second into the beacon: the load (dev.telemetry.bench.BeaconLoad, realistic reports of 20
# commands and 40 failing result rows, each from a new installation and run, 4 clients on kept-alive
# HTTP/1.1 connections) from a second process over loopback, on the same machine as the beacon. Each
# load runs a warm-up first (BEACON_BENCH_WARMUP seconds, default 60: the beacon's JIT still compiles
# and deoptimises a lot 20 to 40 s into the load on 2 cores, much less after 60), then the measured
# window, without a pause between them. Runs, each on a fresh database:
#   the floor: the same load against the beacon's HTTP server with nothing behind it (BareServer, a
#   10 s warm-up: its code is small), what this machine's HTTP, loopback and load generator allow;
#   embedded H2, one beacon;
#   PostgreSQL (when BEACON_BENCH_PG_URL is a JDBC URL, e.g. the one .ci/postgres.sh prints), one beacon,
#   then two beacons on that database with the load spread over both, as a load balancer would.
# BEACON_BENCH_ONLY=postgresql skips the floor and the embedded runs.
# BEACON_BASELINE_JAR=path/to/an/older/beacon.jar measures that jar first under the same load, in each
# configuration just before the current one, and prints the ratios. BEACON_BENCH_PROFILE=1 records the
# embedded beacon with JFR over the measured window and prints where its CPU time went
# (dev.telemetry.bench.JfrProfile). BEACON_BENCH_OPTIONS adds beacon options to the PostgreSQL beacons of
# the current jar only (not the baseline's, which may not know them), e.g. "--ingest-threads 2".
# Each line also gives, over the measured window only, the CPU time
# per report of the load generator, of the beacons, and of PostgreSQL's processes (found by its port),
# and how busy the machine's cores were (others' work included).
#   benchmarks/beacon-load.sh [clients, default 4] [seconds, default 30]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f beacon/target/beacon.jar && -f benchmarks/target/benchmarks.jar ]] || mvn -q -B -DskipTests package
clients=${1:-4}
seconds=${2:-30}
warmup=${BEACON_BENCH_WARMUP:-60}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start_beacon JAR PORT [options...]: a beacon in the background, ready when /health answers
start_beacon() {
  local jar=$1 port=$2; shift 2
  local data="$work/data-$port-$RANDOM"
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_EXTRA:-} -jar "$jar" --listen 127.0.0.1:"$port" \
       --data-dir "$data" --rate-limit 0 "$@" > "$work/beacon-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the beacon on port $port did not start:"; cat "$work/beacon-$port.log"; exit 1
}
stop_beacons() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
# load URLS [WARM-UP]: BeaconLoad's line (its CPU figures over the measured window only)
load() {
  local pg=()
  if [[ -n "${pg_pid:-}" ]]; then pg=(--postgres-pid "$pg_pid"); fi
  java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.BeaconLoad "$1" "$clients" "$seconds" --warm-up "${2:-$warmup}" \
       --beacon-pids "$(IFS=,; echo "${pids[*]}")" "${pg[@]}" ${LOAD_EXTRA:-} || true
}
rate() { sed -nE 's/.* ([0-9]+) reports\/s.*/\1/p' <<<"$1"; }
reset_pg() { psql -q "${BEACON_BENCH_PG_URL#jdbc:}" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public" >/dev/null 2>&1; }

echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $clients clients, a ${warmup} s warm-up, then $seconds s measured, each load"
if [[ "${BEACON_BENCH_ONLY:-}" != postgresql ]]; then # BEACON_BENCH_ONLY=postgresql: the PostgreSQL runs only
  # the floor: the beacon's HTTP server (same Javalin and Jetty, from beacon.jar) with nothing behind it
  java -cp beacon/target/beacon.jar:benchmarks/target/benchmarks.jar dev.telemetry.bench.BareServer 18080 > "$work/bare.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf http://127.0.0.1:18080/health >/dev/null 2>&1 && break; sleep 0.2; done
  echo "floor      $(LOAD_EXTRA="--max-rate 40000" load "http://127.0.0.1:18080/v1/report" 10)"; stop_beacons
  if [[ -n "${BEACON_BASELINE_JAR:-}" ]]; then
    start_beacon "$BEACON_BASELINE_JAR" 18080
    base=$(load "http://127.0.0.1:18080/v1/report"); echo "baseline   $base"; stop_beacons
  fi
  start_beacon beacon/target/beacon.jar 18080
  if [[ "${BEACON_BENCH_PROFILE:-}" == 1 ]]; then
    # recorded over the measured window only, after the warm-up
    (sleep "$warmup"; jcmd "${pids[0]}" JFR.start name=load settings=profile >/dev/null) &
  fi
  out=$(load "http://127.0.0.1:18080/v1/report"); echo "embedded   $out"
  if [[ "${BEACON_BENCH_PROFILE:-}" == 1 ]]; then jcmd "${pids[0]}" JFR.dump name=load filename="$work/beacon.jfr" >/dev/null; fi
  stop_beacons
  if [[ -n "${base:-}" ]]; then
    awk -v a="$(rate "$out")" -v b="$(rate "$base")" 'BEGIN { printf "embedded / baseline: %.2f\n", a / b }'
  fi
  if [[ -f "$work/beacon.jfr" ]]; then
    java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.JfrProfile "$work/beacon.jfr"
  fi
fi
# pg_run LABEL JAR BEACONS: that many beacons of JAR on a fresh PostgreSQL database, the load spread over them
pg_run() {
  local label=$1 jar=$2 n=$3 urls=() i
  reset_pg
  for ((i = 0; i < n; i++)); do
    local extra=()
    if [[ "$jar" != "${BEACON_BASELINE_JAR:-}" ]]; then read -r -a extra <<<"${BEACON_BENCH_OPTIONS:-}"; fi
    start_beacon "$jar" $((18080 + i)) --db "$BEACON_BENCH_PG_URL" "${extra[@]}"
    urls+=("http://127.0.0.1:$((18080 + i))/v1/report")
  done
  local out; out=$(load "$(IFS=,; echo "${urls[*]}")"); stop_beacons
  echo "$label $out"
  last=$(rate "$out")
}
if [[ -n "${BEACON_BENCH_PG_URL:-}" ]]; then
  pg_port=$(sed -nE 's|^jdbc:postgresql://[^:/]+:([0-9]+)/.*|\1|p' <<<"$BEACON_BENCH_PG_URL")
  pg_pid=$(ss -ltnpH "sport = :${pg_port:-5432}" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -n 1)
  for n in 1 2; do
    if [[ -n "${BEACON_BASELINE_JAR:-}" ]]; then
      pg_run "baseline   postgresql," "$BEACON_BASELINE_JAR" $n; b=$last
    fi
    pg_run "postgresql" beacon/target/beacon.jar $n
    if [[ -n "${BEACON_BASELINE_JAR:-}" ]]; then
      awk -v a="$last" -v b="$b" -v n=$n 'BEGIN { printf "postgresql, %d beacon(s) / baseline: %.2f\n", n, a / b }'
    fi
  done
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ), done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
