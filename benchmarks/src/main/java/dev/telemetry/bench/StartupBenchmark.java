package dev.telemetry.bench;

import picocli.CommandLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What the agent costs a JVM to start (issue 12's table), against a plain JVM in the same run,
 * interleaved, as medians with their range: a trivial host's wall and CPU time (its CPU is the
 * child's user + system time, read from this process's {@code /proc/self/stat} children fields),
 * {@code serve} until it accepts connections, the time the agent's start path holds the premain
 * thread (from {@code -Xlog:class+load} timestamps: the agent's entry class to the host's main
 * class), and the classes loaded, by origin. Linux only (the CPU figure).
 */
@CommandLine.Command(name = "benchmarks/startup.sh",
        description = "What the agent costs a JVM to start, against a plain JVM in the same run; run from the repository root.")
public final class StartupBenchmark implements Callable<Integer> {
    @CommandLine.Mixin
    BenchCli.Help help;

    @CommandLine.Option(names = "--startup-runs", defaultValue = "7", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "interleaved pairs of runs (-Dbench.startupRuns); default ${DEFAULT-VALUE}")
    int runs;

    @CommandLine.Option(names = "--agent-jar", defaultValue = "agent/target/telemetry.jar", paramLabel = "JAR",
            description = "(-Dbench.agentJar); default ${DEFAULT-VALUE}")
    Path agentJar;

    @CommandLine.Option(names = "--clock-ticks", defaultValue = "100", paramLabel = "HZ", converter = BenchCli.Positive.class,
            description = "the kernel's USER_HZ, for the CPU times of /proc (-Dbench.clockTicks); default ${DEFAULT-VALUE},"
                    + " as on every Linux this runs on")
    int clockTicks;

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new StartupBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = Paths.get("").toAbsolutePath();
        Path agent = root.resolve(agentJar);
        Path testApp = root.resolve("test-app/target/test-app.jar");
        Path work = Files.createTempDirectory("startup-bench");
        String agentArg = "-javaagent:" + agent + "=telemetry=enable,dry-run=true,log-level=warn,state-dir=" + work;
        String cp = System.getProperty("java.class.path");

        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> serve = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            List<String> order = new ArrayList<>(List.of("plain", "agent"));
            if (i % 2 == 1) {
                Collections.reverse(order); // each configuration goes first in turn
            }
            for (String c : order) {
                List<String> jvm = c.equals("plain") ? List.of() : List.of(agentArg);
                double[] t = trivial(jvm, cp, clockTicks);
                wall.computeIfAbsent(c, k -> new ArrayList<>()).add(t[0]);
                cpu.computeIfAbsent(c, k -> new ArrayList<>()).add(t[1]);
                if (Files.isRegularFile(testApp)) {
                    serve.computeIfAbsent(c, k -> new ArrayList<>()).add(serveMillis(jvm, testApp));
                }
            }
        }
        Path log = work.resolve("class-load.txt");
        run(List.of(agentArg, "-Xlog:class+load=info:file=" + log + ":uptime,tid"), cp);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Path plainLog = work.resolve("class-load-plain.txt");
        run(List.of("-Xlog:class+load=info:file=" + plainLog), cp);
        int plainClasses = Files.readAllLines(plainLog, StandardCharsets.UTF_8).size();

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "startup: %d interleaved pairs, %d CPUs, Java %s, %s%n", runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ZonedDateTime.now().withNano(0)));
        b.append("agent: ").append(agentArg).append('\n');
        row(b, "trivial host, wall (ms)", wall);
        row(b, "trivial host, CPU (ms)", cpu);
        if (!serve.isEmpty()) {
            row(b, "serve until it accepts (ms)", serve);
        }
        b.append(String.format(Locale.ROOT, "premain thread (ms, one run with -Xlog): %.1f%n", premainMillis(lines)));
        b.append(String.format(Locale.ROOT, "classes loaded: plain %d, with the agent %d %s%n", plainClasses, lines.size(), origins(lines)));
        System.out.print(b);
        return 0;
    }

    static void row(StringBuilder b, String what, Map<String, List<Double>> m) {
        double plain = median(m.get("plain"));
        double agent = median(m.get("agent"));
        b.append(String.format(Locale.ROOT, "%-30s plain %7.1f [%s]  agent %7.1f [%s]  added %+7.1f (x%.2f)%n", what,
                plain, range(m.get("plain")), agent, range(m.get("agent")), agent - plain, agent / plain));
    }

    /** Wall ms and CPU ms of one trivial host. */
    static double[] trivial(List<String> jvm, String cp, long ticksPerSecond) throws Exception {
        long[] before = childrenTicks();
        long t0 = System.nanoTime();
        run(jvm, cp);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        long[] after = childrenTicks();
        double cpuMs = ((after[0] - before[0]) + (after[1] - before[1])) * 1000.0 / ticksPerSecond;
        return new double[]{wallMs, cpuMs};
    }

    static void run(List<String> jvm, String cp) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", cp, TrivialMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the trivial host did not exit in 60 s");
        }
    }

    static double serveMillis(List<String> jvm, Path testApp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", testApp.toString(), "serve", "--port", String.valueOf(port)));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return (System.nanoTime() - t0) / 1e6;
                } catch (IOException notYet) {
                    if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException("serve did not start");
                    }
                    Thread.sleep(2);
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** From the agent's entry class to the host's main class, on the thread that loaded the entry class. */
    static double premainMillis(List<String> lines) {
        double start = -1;
        String thread = null;
        for (String l : lines) {
            if (start < 0 && l.contains(" dev.telemetry.agent.entry.AgentEntry ")) {
                start = uptime(l);
                thread = l.substring(l.indexOf("][") + 2, l.indexOf(']', l.indexOf("][") + 2));
            } else if (start >= 0 && l.contains(" " + TrivialMain.class.getName() + " ") && l.contains("[" + thread + "]")) {
                return (uptime(l) - start) * 1000;
            }
        }
        return Double.NaN;
    }

    static String origins(List<String> lines) {
        int bb = 0, jackson = 0, agent = 0;
        for (String l : lines) {
            if (l.contains("dev.telemetry.agent.shaded.net.bytebuddy")) bb++;
            else if (l.contains("dev.telemetry.agent.shaded.com.fasterxml")) jackson++;
            else if (l.contains(" dev.telemetry.agent.")) agent++;
        }
        return String.format(Locale.ROOT, "(Byte Buddy %d, Jackson %d, the agent's own %d, the rest the JDK's)", bb, jackson, agent);
    }

    static double uptime(String line) {
        return Double.parseDouble(line.substring(1, line.indexOf('s')));
    }

    /** utime and stime of waited-for children, in clock ticks (fields 16 and 17 of /proc/self/stat). */
    static long[] childrenTicks() throws IOException {
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String range(List<Double> v) {
        return String.format(Locale.ROOT, "%.0f-%.0f", Collections.min(v), Collections.max(v));
    }
}
