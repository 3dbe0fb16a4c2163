#!/usr/bin/env bash
# Instructions the agent's premain executes (issue 12), counted by valgrind's callgrind: repeatable
# where wall time on a shared machine is not. The JVM runs interpreted (-Xint, so the JIT neither
# competes nor varies) with a trivial host; only the main thread's work inside the JVM's "VM
# initialised" event is counted, which is where the JVM calls premain. Each jar is counted against
# an agent whose premain is empty, inside a copy of that same jar (so the JVM's own opening of the
# jar cancels out). Usage: benchmarks/premain-instructions.sh [runs] [agent.jar ...] (default: 3
# runs of agent/target/telemetry.jar); the minimum of the runs is printed (a run now and then counts
# more: the JVM's own background work). Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
shift || true
jars=("$@")
if [[ ${#jars[@]} -eq 0 ]]; then jars=("$root/agent/target/telemetry.jar"); fi
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'J'
public final class Hello { public static void main(String[] a) { System.out.println("host says hello"); } }
J
cat > "$work/Empty.java" <<'J'
public final class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }
J
mkdir -p "$work/host" "$work/empty"
javac -d "$work/host" "$work/Hello.java" # the empty agent apart: it must come from the jar, not the host's class path
javac -d "$work/empty" "$work/Empty.java"
printf 'Premain-Class: Empty\n' > "$work/empty/manifest.txt"
options="telemetry=enable,dry-run=true,log-level=warn,state-dir=$work/state"

count() { # jar [options]: the fewest instructions of $runs runs
  local best="" out n
  for _ in $(seq "$runs"); do
    out="$work/callgrind.out"
    valgrind --tool=callgrind --toggle-collect='JvmtiExport::post_vm_initialized()' --callgrind-out-file="$out" \
      java -Xint "-javaagent:$1=$2" -cp "$work/host" Hello >/dev/null 2>"$work/valgrind.err"
    n=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
    if [[ -z "$best" || "$n" -lt "$best" ]]; then best="$n"; fi
  done
  echo "$best"
}

echo "premain instructions (millions, fewest of $runs runs, -Xint, options $options; valgrind $(valgrind --version))"
for jar in "${jars[@]}"; do
  empty="$work/empty-$(basename "$jar")"
  cp "$jar" "$empty"
  (cd "$work/empty" && jar ufm "$empty" manifest.txt Empty.class 2>/dev/null)
  e=$(count "$empty" "")
  a=$(count "$jar" "$options")
  u=$(count "$jar" "$options,url=https://telemetry.example.com/v1/report")
  awk -v j="$jar" -v e="$e" -v a="$a" -v u="$u" 'BEGIN {
    printf "%s\n  empty premain in a copy of the jar %8.1f\n  the agent                          %8.1f  (its own: %.1f)\n  the agent with a url               %8.1f  (its own: %.1f)\n",
      j, e / 1e6, a / 1e6, (a - e) / 1e6, u / 1e6, (u - e) / 1e6 }'
done
