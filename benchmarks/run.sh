#!/usr/bin/env bash
# Builds what the benchmarks need (if missing), then runs them from the repository root.
# Arguments go to the runner, e.g.:  benchmarks/run.sh -Dbench.quick=true
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar \
      || ! -f benchmarks/target/agents/opentelemetry-javaagent.jar ]]; then
  mvn -q -B -DskipTests package
fi
exec java -jar benchmarks/target/benchmarks.jar "$@"
