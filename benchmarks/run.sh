#!/usr/bin/env bash
# Builds what the benchmarks need (if missing), then runs them from the repository root.
# Arguments go to the runner, e.g.:  benchmarks/run.sh -Dbench.quick=true  (or --quick; --help lists them)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f agent/target/telemetry.jar || ! -f benchmarks/target/benchmarks.jar \
      || ! -f benchmarks/target/agents/opentelemetry-javaagent.jar ]]; then
  mvn -q -B -DskipTests package
fi
# -D settings (-Dbench.quick=true) go to the JVM, where the runner reads them; the rest are its options
jvm=(); args=()
for a in "$@"; do if [[ $a == -D* ]]; then jvm+=("$a"); else args+=("$a"); fi; done
exec java "${jvm[@]}" -jar benchmarks/target/benchmarks.jar "${args[@]}"
