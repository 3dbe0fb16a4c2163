#!/usr/bin/env bash
# What the agent costs a JVM to start (issue 12): a trivial host's wall and CPU time, serve until it
# accepts connections (class cache filled, first start, class-cache=false), the premain thread's time,
# the classes loaded, class-data sharing, attach, and JDK 25's AOT cache when a JDK 25 is found
# ($JAVA25, else /usr/lib/jvm/*25*), against a plain JVM in the same run (interleaved, medians and
# ranges). Options: --startup-runs N (default 7), --attach-runs N (default 3); --help lists them all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar || ! -f test-app/target/test-app.jar ]]; then
  mvn -q -B -DskipTests package
fi
java25="${JAVA25:-}"
if [[ -z "$java25" ]]; then
  for d in /usr/lib/jvm/*25*; do
    if [[ -x "$d/bin/java" ]]; then java25="$d/bin/java"; break; fi
  done
fi
jvm=()
args=()
for a in "$@"; do
  if [[ "$a" == -D* ]]; then jvm+=("$a"); else args+=("$a"); fi
done
exec java "${jvm[@]}" -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.StartupBenchmark --jdk25="$java25" "${args[@]}"
