#!/usr/bin/env bash
# Reports per second into the beacon: the load (dev.telemetry.bench.BeaconLoad, realistic reports of 20
# commands and 40 failing result rows, each from a new installation) from a second process over
# loopback, on the same machine as the beacon. Runs, each on a fresh database:
#   embedded H2, one beacon;
#   PostgreSQL (when BEACON_BENCH_PG_URL is a JDBC URL, e.g. the one .ci/postgres.sh prints), one beacon,
#   then two beacons on that database with the load spread over both, as a load balancer would.
# BEACON_BASELINE_JAR=path/to/an/older/beacon.jar measures that jar first under the same load, in each
# configuration just before the current one, and prints the ratios. BEACON_BENCH_PROFILE=1 records the embedded beacon with JFR and prints
# where its CPU time went (dev.telemetry.bench.JfrProfile). Each line also gives the beacons' CPU time per
# report answered during the load: steadier than the rate on a machine others are using.
#   benchmarks/beacon-load.sh [clients, default 4] [seconds, default 30]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f beacon/target/beacon.jar && -f benchmarks/target/benchmarks.jar ]] || mvn -q -B -DskipTests package
clients=${1:-4}
seconds=${2:-30}
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
# the beacons' CPU time in ms (user + system), and the reports they answered 201 (stored or stale), so far
cpu_ms() { local p t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat") * 1000 / $(getconf CLK_TCK))); done; echo $t; }
answered() {
  local p n=0
  for p in $(seq 18080 $((18080 + ${#pids[@]} - 1))); do
    n=$((n + $(curl -sf "http://127.0.0.1:$p/metrics" | awk '/^beacon_reports_accepted_total/ { s += $2 } END { printf "%d", s }')))
  done
  echo $n
}
# load URLS: BeaconLoad's line, and the beacons' CPU per report over the load (its warm-up included; not PostgreSQL's)
load() {
  local c0 n0 out; c0=$(cpu_ms); n0=$(answered)
  out=$(java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.BeaconLoad "$1" "$clients" "$seconds")
  awk -v o="$out" -v c=$(( $(cpu_ms) - c0 )) -v n=$(( $(answered) - n0 )) 'BEGIN { printf "%s, beacon CPU %.2f ms/report\n", o, c / n }'
}
rate() { sed -nE 's/.* ([0-9]+) reports\/s.*/\1/p' <<<"$1"; }
reset_pg() { psql -q "${BEACON_BENCH_PG_URL#jdbc:}" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public" >/dev/null 2>&1; }

echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $clients clients, $seconds s each"
if [[ -n "${BEACON_BASELINE_JAR:-}" ]]; then
  start_beacon "$BEACON_BASELINE_JAR" 18080
  base=$(load "http://127.0.0.1:18080/v1/report"); echo "baseline   $base"; stop_beacons
fi
if [[ "${BEACON_BENCH_PROFILE:-}" == 1 ]]; then
  JAVA_EXTRA="-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$work/beacon.jfr,settings=profile"
fi
start_beacon beacon/target/beacon.jar 18080
out=$(load "http://127.0.0.1:18080/v1/report"); echo "embedded   $out"
if [[ -n "${JAVA_EXTRA:-}" ]]; then jcmd "${pids[0]}" JFR.dump filename="$work/beacon.jfr" >/dev/null; fi
stop_beacons
JAVA_EXTRA=
if [[ -n "${base:-}" ]]; then
  awk -v a="$(rate "$out")" -v b="$(rate "$base")" 'BEGIN { printf "embedded / baseline: %.2f\n", a / b }'
fi
if [[ -f "$work/beacon.jfr" ]]; then
  java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.JfrProfile "$work/beacon.jfr"
fi
# pg_run LABEL JAR BEACONS: that many beacons of JAR on a fresh PostgreSQL database, the load spread over them
pg_run() {
  local label=$1 jar=$2 n=$3 urls=() i
  reset_pg
  for ((i = 0; i < n; i++)); do
    start_beacon "$jar" $((18080 + i)) --db "$BEACON_BENCH_PG_URL"
    urls+=("http://127.0.0.1:$((18080 + i))/v1/report")
  done
  local out; out=$(load "$(IFS=,; echo "${urls[*]}")"); stop_beacons
  echo "$label $out"
  last=$(rate "$out")
}
if [[ -n "${BEACON_BENCH_PG_URL:-}" ]]; then
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
