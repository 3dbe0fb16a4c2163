#!/usr/bin/env bash
# The profile language's per-call cost (issue 11): the argument case, a two-step path and a reply
# site, each plain and with the agent, in one run. Arguments go to the runner, e.g. --quick or
# -Dbench.forks=3 (--help lists them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar ]]; then
  mvn -q -B -DskipTests package
fi
# -D settings (-Dbench.quick=true) go to the JVM, where the runner reads them; the rest are its options
jvm=(); args=()
for a in "$@"; do if [[ $a == -D* ]]; then jvm+=("$a"); else args+=("$a"); fi; done
exec java "${jvm[@]}" -cp benchmarks/target/benchmarks.jar dev.telemetry.bench.PathBenchmarkRunner "${args[@]}"
