#!/usr/bin/env bash
# What the agent costs a JVM to start (issue 12): a trivial host's wall and CPU time, serve until it
# accepts connections, the premain thread's time and the classes loaded, against a plain JVM in the
# same run (interleaved, medians and ranges). -Dbench.startupRuns=N (default 7).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar || ! -f test-app/target/test-app.jar ]]; then
  mvn -q -B -DskipTests package
fi
exec java "$@" -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.StartupBenchmark
