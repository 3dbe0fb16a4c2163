#!/usr/bin/env bash
# The time the agent's premain takes on the JVM's main thread (issue 12), one jar against another:
# N interleaved pairs of a trivial host, each run with -Xlog:class+load, timed from the agent's entry
# class to the host's main class on the thread that loaded the entry class (the window startup.sh
# measures over 5 runs). Interleaved, so that a slower minute of a shared machine costs both jars.
# Usage: benchmarks/premain-pairs.sh [pairs] base.jar new.jar (default 25 pairs); prints each jar's
# median and range in milliseconds, and the new jar's median over the base's.
set -euo pipefail
usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then usage; exit 0; fi
if [[ $# -lt 2 ]]; then usage >&2; exit 2; fi
pairs=25
if [[ $# -ge 3 ]]; then pairs="$1"; shift; fi
base="$1"
new="$2"
for jar in "$base" "$new"; do
  [[ -f "$jar" ]] || { echo "no such agent jar: $jar" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'J'
public final class Hello { public static void main(String[] a) { System.out.println("host says hello"); } }
J
mkdir -p "$work/host"
javac -d "$work/host" "$work/Hello.java"
options="telemetry=enable,dry-run=true,log-level=warn,state-dir=$work/state"

window() { # jar: milliseconds from the agent's entry class to Hello, on the entry class's thread
  java "-javaagent:$1=$options" "-Xlog:class+load=info:file=$work/load.log:uptimenanos,tid" \
    -cp "$work/host" Hello >/dev/null 2>&1
  awk '
    match($0, /^\[[0-9]+ns\]\[[0-9]+\]/) {
      split(substr($0, 2, RLENGTH - 2), f, /ns\]\[/); t = f[1]; tid = f[2]; name = $2
      if (name == "dev.telemetry.agent.entry.AgentEntry" && start == "") { start = t; thread = tid }
      else if (name == "Hello" && start != "" && tid == thread) { printf "%.2f\n", (t - start) / 1e6; exit }
    }' "$work/load.log"
}

: > "$work/base.ms"
: > "$work/new.ms"
for _ in $(seq "$pairs"); do
  window "$base" >> "$work/base.ms"
  window "$new" >> "$work/new.ms"
done

stats() { # file: median min max
  sort -n "$1" | awk '{v[NR] = $1} END {
    if (NR == 0) { print "none"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR }'
}
read -r bm bmin bmax bn < <(stats "$work/base.ms")
read -r nm nmin nmax nn < <(stats "$work/new.ms")
echo "premain thread, $pairs interleaved pairs of a trivial host (ms, median [range]):"
printf '  %-40s %6s [%s-%s] (%s runs)\n' "$base" "$bm" "$bmin" "$bmax" "$bn"
printf '  %-40s %6s [%s-%s] (%s runs)\n' "$new" "$nm" "$nmin" "$nmax" "$nn"
awk -v a="$bm" -v b="$nm" 'BEGIN { printf "  new / base: %.3f\n", b / a }'
