#!/usr/bin/env bash
# The profile language's per-call cost (issue 11): the argument case, a two-step path and a reply
# site, each plain and with the agent, in one run. Arguments go to the runner, e.g. --quick.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar ]]; then
  mvn -q -B -DskipTests package
fi
exec java -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.PathBenchmarkRunner "$@"
