#!/usr/bin/env bash
# What a registered class file transformer costs every class a JVM loads after it (issue 12's notes):
# with any transformer, the JVM hands each class's bytes to the agent's Java code as it loads, and for
# a class from the JDK's class-data-sharing archive it first reads those bytes from the runtime image.
# A host loads the classes of the JDK's own class list (lib/classlist, about 1,300 classes) with
# Class.forName(name, false, null), timed inside the host, with an agent whose premain registers a
# transformer that returns null, against the same agent registering none, interleaved.
# Usage: benchmarks/transformer-cost.sh [runs] (default 11). Prints medians and ranges, and the cost
# per class.
set -euo pipefail
runs="${1:-11}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
classlist="$java_home/lib/classlist"
[[ -f "$classlist" ]] || { echo "no $classlist: this JDK has no default class list" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Many.java" <<'J'
import java.nio.file.*;
public final class Many {
    public static void main(String[] a) throws Exception {
        java.util.List<String> names = Files.readAllLines(Paths.get(a[0]));
        long t0 = System.nanoTime();
        int n = 0;
        for (String s : names) {
            if (s.startsWith("#") || s.contains("@")) continue;
            try { Class.forName(s.replace('/', '.'), false, null); n++; } catch (Throwable e) { /* not in this JDK */ }
        }
        System.out.println(n + " " + (System.nanoTime() - t0));
    }
}
J
cat > "$work/Noop.java" <<'J'
public final class Noop {
    public static void premain(String a, java.lang.instrument.Instrumentation i) {
        if ("transformer".equals(a)) {
            i.addTransformer(new java.lang.instrument.ClassFileTransformer() {
                @Override public byte[] transform(ClassLoader l, String n, Class<?> c, java.security.ProtectionDomain d, byte[] b) {
                    return null;
                }
            });
        }
    }
}
J
javac -d "$work" "$work/Many.java" "$work/Noop.java"
printf 'Premain-Class: Noop\n' > "$work/manifest.txt"
(cd "$work" && jar cfm noop.jar manifest.txt Noop.class 'Noop$1.class')
none=(); with=(); classes=0
for _ in $(seq "$runs"); do
  for mode in none transformer; do
    read -r classes nanos < <(java "-javaagent:$work/noop.jar=$mode" -cp "$work" Many "$classlist")
    if [[ "$mode" == none ]]; then none+=("$nanos"); else with+=("$nanos"); fi
  done
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms [%.1f-%.1f]", a[int((NR+1)/2)]/1e6, a[1]/1e6, a[NR]/1e6}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "loading $classes classes of $classlist, $runs interleaved runs, $(java -version 2>&1 | head -1)"
echo "  no transformer        $(stats "${none[@]}")"
echo "  a no-op transformer   $(stats "${with[@]}")"
awk -v a="$(median "${none[@]}")" -v b="$(median "${with[@]}")" -v n="$classes" \
  'BEGIN {printf "  the transformer adds  %.1f us per class (x%.2f)\n", (b - a) / n / 1e3, b / a}'
