#!/usr/bin/env bash
# The dashboard over a seeded installed base in the embedded database: seeds a temporary data dir
# (bulk, dev.telemetry.beacon.store.Seeder, a test fixture in beacon/target/beacon-fixtures.jar), starts the beacon on it, and times GET /api/dashboard and
# GET / per filter over loopback: median and max of the timed requests, after a warm-up.
#   benchmarks/dashboard-load.sh [installations] [days] [requests]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f beacon/target/beacon.jar && -f beacon/target/beacon-fixtures.jar ]] || mvn -q -B -DskipTests package
installations=${1:-100000}
days=${2:-30}
requests=${3:-20}
token=dashboard-load
data=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT

java -Xmx8g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp beacon/target/beacon.jar:beacon/target/beacon-fixtures.jar dev.telemetry.beacon.store.Seeder \
     --data-dir "$data" --installations "$installations" --days "$days" --mode bulk
# the generator's applications, so the versions table has a status
cat > "$data/releases.json" <<'EOF'
{"applications": {"orders": {"latest_version": "3.4.0"}, "catalog": {"latest_version": "1.20.0"},
                  "edge-cache": {"latest_version": "0.9.1"}}}
EOF

java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar beacon/target/beacon.jar --listen 127.0.0.1:0 \
     --data-dir "$data" --admin-token "$token" > "$data/beacon.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 150); do
  port=$(sed -nE 's|^beacon listening on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$data/beacon.log")
  [[ -n $port ]] && break
  sleep 0.2
done
[[ -n $port ]] || { cat "$data/beacon.log"; exit 1; }
base="http://127.0.0.1:$port"

get() {
  curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base$1"
}
# the beacon reads the default view once at start (BeaconServer.warmUpDashboard); the first visitor
# comes a few seconds later
sleep 5
cold=$(curl -sf -o "$data/dashboard.json" -w '%{time_total}' -H "Authorization: Bearer $token" "$base/api/dashboard?days=7")
awk -v t="$cold" 'BEGIN { printf "first request, 5 s after start (days=7, not the warmed-up view): %.1f ms\n", t * 1000 }'
# the first application and its newest version, as the dashboard lists them
app=$(sed -nE 's/.*"apps":\["([^"]+)".*/\1/p' "$data/dashboard.json")
version=$(curl -sf -H "Authorization: Bearer $token" "$base/api/dashboard?app=$app" | sed -nE 's/.*"versions":\["([^"]+)".*/\1/p')

for _ in $(seq 1 50); do get "/api/dashboard" > /dev/null; get "/" > /dev/null; done
printf '%-34s %-28s %s\n' "filter" "/api/dashboard (ms)" "/ (ms)"
for query in "" "days=7" "days=1" "days=90" "app=$app" "app=$app&version=$version"; do
  line=$(printf '%-34s' "${query:-(none)}")
  for path in "/api/dashboard" "/"; do
    for _ in 1 2 3; do get "$path?$query" > /dev/null; done
    line+=$(for _ in $(seq 1 "$requests"); do get "$path?$query"; done | sort -n | awk '
      { t[NR] = $1 * 1000 }
      END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf " median %6.1f  max %6.1f   ", m, t[NR] }')
  done
  echo "$line"
done
