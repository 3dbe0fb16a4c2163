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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What the agent costs a JVM to start (issue 12's table), against a plain JVM in the same run,
 * interleaved, as medians with their range:
 * <ul>
 * <li>a trivial host's wall and CPU time (its CPU is the child's user + system time, read from this
 * process's {@code /proc/self/stat} children fields);</li>
 * <li>{@code serve} until it accepts connections: with the agent's class cache filled by an earlier
 * start (the usual case), with an empty state directory (a first start), and with
 * {@code class-cache=false};</li>
 * <li>the time the agent's start holds the premain thread (from {@code -Xlog:class+load} timestamps:
 * the agent's entry class to the host's main class, on that thread), and the classes loaded;</li>
 * <li>class-data sharing: whether the classes a plain JVM takes from the JDK's archive still come from it
 * with the agent, and whether a host's own classes still come from an AppCDS archive made without it;</li>
 * <li>{@code attach <pid>} on a running {@code serve}: until the command returns, after which a
 * workload's commands are counted (checked through {@code metrics <pid>});</li>
 * <li>with {@code --jdk25 <java>}: JDK 25's AOT cache ({@code -XX:AOTCache}) with and without
 * the agent.</li>
 * </ul>
 * Linux only (the CPU figure).
 */
@CommandLine.Command(name = "benchmarks/startup.sh",
        description = "What the agent costs a JVM to start, against a plain JVM in the same run; run from the repository root.")
public final class StartupBenchmark implements Callable<Integer> {
    private static final String CACHED = "agent, cache filled";
    private static final String FIRST = "agent, first start";
    private static final String NO_CACHE = "agent, class-cache=false";
    private static final String EMPTY = "an empty agent";

    @CommandLine.Mixin
    BenchCli.Help help;

    @CommandLine.Option(names = "--startup-runs", defaultValue = "7", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "interleaved runs of each configuration (-Dbench.startupRuns); default ${DEFAULT-VALUE}")
    int runs;

    @CommandLine.Option(names = "--attach-runs", defaultValue = "3", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "attaches to a running serve (-Dbench.attachRuns); default ${DEFAULT-VALUE}")
    int attachRuns;

    @CommandLine.Option(names = "--agent-jar", defaultValue = "agent/target/telemetry.jar", paramLabel = "JAR",
            description = "(-Dbench.agentJar); default ${DEFAULT-VALUE}")
    Path agentJar;

    @CommandLine.Option(names = "--jdk25", defaultValue = "", paramLabel = "JAVA",
            description = "a JDK 25 java, for the AOT cache figures (-Dbench.jdk25); none by default (startup.sh finds one)")
    String jdk25;

    @CommandLine.Option(names = "--clock-ticks", defaultValue = "100", paramLabel = "HZ", converter = BenchCli.Positive.class,
            description = "the kernel's USER_HZ, for the CPU times of /proc (-Dbench.clockTicks); default ${DEFAULT-VALUE},"
                    + " as on every Linux this runs on")
    int clockTicks;

    private final Path root = Paths.get("").toAbsolutePath();
    private final Path testApp = root.resolve("test-app/target/test-app.jar");
    private final String cp = System.getProperty("java.class.path");
    private Path agent;
    private Path work;

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new StartupBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        agent = root.resolve(agentJar);
        work = Files.createTempDirectory("startup-bench");
        run(runs, attachRuns);
        return 0;
    }

    private String agentArg(Path stateDir, String more) {
        return "-javaagent:" + agent + "=telemetry=enable,dry-run=true,log-level=warn,state-dir=" + stateDir + more;
    }

    private void run(int runs, int attachRuns) throws Exception {
        Path warm = work.resolve("warm");
        String cached = agentArg(warm, "");
        fill(cached, warm); // the class cache and the state file, as an earlier start left them; untimed

        String empty = "-javaagent:" + emptyAgentJar();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> serve = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put("plain", List.of());
            configs.put(EMPTY, List.of(empty));
            configs.put(CACHED, List.of(cached));
            configs.put(FIRST, List.of(agentArg(work.resolve("first-" + i), "")));
            configs.put(NO_CACHE, List.of(agentArg(work.resolve("nocache"), ",class-cache=false")));
            List<String> order = new ArrayList<>(configs.keySet());
            Collections.rotate(order, i); // each configuration goes first in turn
            for (String c : order) {
                if (!c.equals(NO_CACHE)) {
                    double[] t = trivial(configs.get(c));
                    wall.computeIfAbsent(c, k -> new ArrayList<>()).add(t[0]);
                    cpu.computeIfAbsent(c, k -> new ArrayList<>()).add(t[1]);
                }
                if (c.equals(EMPTY)) {
                    continue; // the floor is a trivial host's figure
                }
                if (c.equals(FIRST)) {
                    configs.put(FIRST, List.of(agentArg(work.resolve("first-serve-" + i), ""))); // serve's first start too
                }
                serve.computeIfAbsent(c, k -> new ArrayList<>()).add(serveMillis(configs.get(c)));
            }
        }

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "startup: %d interleaved runs, %d CPUs, Java %s, %s%n", runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ZonedDateTime.now().withNano(0)));
        b.append("agent: ").append(cached).append('\n');
        rows(b, "trivial host, wall (ms)", wall);
        rows(b, "trivial host, CPU (ms)", cpu);
        rows(b, "serve until it accepts (ms)", serve);
        premainAndClasses(b, cached);
        classDataSharing(b, cached);
        attach(b, attachRuns);
        if (!jdk25.isEmpty()) {
            aotCache(b, jdk25, runs);
        }
        System.out.print(b);
    }

    static void rows(StringBuilder b, String what, Map<String, List<Double>> m) {
        double plain = median(m.get("plain"));
        b.append(String.format(Locale.ROOT, "%s%n  %-26s %7.1f [%s]%n", what, "plain", plain, range(m.get("plain"))));
        for (Map.Entry<String, List<Double>> e : m.entrySet()) {
            if (!e.getKey().equals("plain")) {
                double v = median(e.getValue());
                b.append(String.format(Locale.ROOT, "  %-26s %7.1f [%s]  added %+7.1f (x%.2f)%n", e.getKey(), v, range(e.getValue()),
                        v - plain, v / plain));
            }
        }
    }

    /** The premain thread's time (median of five runs with -Xlog) and the classes loaded, by origin. */
    private void premainAndClasses(StringBuilder b, String agentArg) throws Exception {
        List<Double> premain = new ArrayList<>();
        List<String> lines = null;
        for (int i = 0; i < 5; i++) {
            Path log = work.resolve("class-load-" + i + ".txt");
            run(List.of(agentArg, "-Xlog:class+load=info:file=" + log + ":uptime,tid"), cp, java());
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            premain.add(premainMillis(lines));
        }
        Path plainLog = work.resolve("class-load-plain.txt");
        run(List.of("-Xlog:class+load=info:file=" + plainLog), cp, java());
        int plainClasses = Files.readAllLines(plainLog, StandardCharsets.UTF_8).size();
        b.append(String.format(Locale.ROOT, "premain thread (ms, median of 5 runs with -Xlog): %.1f [%s]%n", median(premain), range(premain)));
        b.append(String.format(Locale.ROOT, "classes loaded, trivial host: plain %d, with the agent %d %s%n", plainClasses, lines.size(),
                origins(lines)));
        Path serveLog = work.resolve("class-load-serve.txt");
        serveMillis(List.of(agentArg, "-Xlog:class+load=info:file=" + serveLog));
        Path firstLog = work.resolve("class-load-serve-first.txt");
        serveMillis(List.of(agentArg(work.resolve("first-log"), ""), "-Xlog:class+load=info:file=" + firstLog));
        Path plainServe = work.resolve("class-load-serve-plain.txt");
        serveMillis(List.of("-Xlog:class+load=info:file=" + plainServe));
        b.append(String.format(Locale.ROOT, "classes loaded, serve: plain %d, cache filled %d %s, first start %d %s%n",
                Files.readAllLines(plainServe).size(), Files.readAllLines(serveLog).size(), origins(Files.readAllLines(serveLog)),
                Files.readAllLines(firstLog).size(), origins(Files.readAllLines(firstLog))));
    }

    /**
     * The JDK's default archive: of the classes a plain JVM takes from it, how many the JVM with the agent
     * takes from it too. AppCDS: a dynamic archive of the trivial host made without the agent, used with it.
     */
    private void classDataSharing(StringBuilder b, String agentArg) throws Exception {
        Path plainLog = work.resolve("cds-plain.txt");
        Path agentLog = work.resolve("cds-agent.txt");
        run(List.of("-Xshare:auto", "-Xlog:class+load=info:file=" + plainLog), cp, java());
        run(List.of("-Xshare:auto", agentArg, "-Xlog:class+load=info:file=" + agentLog), cp, java());
        Set<String> shared = shared(Files.readAllLines(plainLog));
        Set<String> stillShared = new HashSet<>(shared);
        stillShared.retainAll(shared(Files.readAllLines(agentLog)));
        b.append(String.format(Locale.ROOT, "CDS, JDK archive: %d classes from it without the agent; with it, %d of those still from it%n",
                shared.size(), stillShared.size()));

        Path archive = work.resolve("trivial.jsa");
        run(List.of("-XX:ArchiveClassesAtExit=" + archive), cp, java());
        Path appLog = work.resolve("cds-app.txt");
        String err = run(List.of("-XX:SharedArchiveFile=" + archive, agentArg, "-Xlog:class+load=info:file=" + appLog), cp, java());
        String main = sourceOf(Files.readAllLines(appLog), TrivialMain.class.getName());
        b.append(String.format(Locale.ROOT, "CDS, the host's own archive (made without the agent), used with it: %s from \"%s\"%s%n",
                TrivialMain.class.getSimpleName(), main, err.isBlank() ? ", no JVM warning" : ", JVM said: " + err.trim()));
    }

    /** attach to a running serve: the command's time; then a workload's commands must be counted. */
    private void attach(StringBuilder b, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        boolean counted = true;
        for (int i = 0; i < runs; i++) {
            int port = freePort();
            Process serve = startServe(List.of(), port);
            try {
                awaitPort(serve, port);
                long t0 = System.nanoTime();
                String out = exec(java(), "-jar", agent.toString(), "attach", String.valueOf(serve.pid()),
                        "telemetry=enable,dry-run=true,log-level=warn,state-dir=" + work.resolve("attach-" + i));
                millis.add((System.nanoTime() - t0) / 1e6);
                exec(java(), "-jar", testApp.toString(), "workload", "--uri", "mongodb://127.0.0.1:" + port);
                String metrics = exec(java(), "-jar", agent.toString(), "metrics", String.valueOf(serve.pid()));
                counted &= metrics.contains("\"insert\"") && metrics.contains("\"find\"");
                if (i == 0 && !metrics.contains("\"insert\"")) {
                    b.append("attach said: ").append(out.trim()).append("\nmetrics: ").append(metrics.trim()).append('\n');
                }
            } finally {
                stop(serve);
            }
        }
        b.append(String.format(Locale.ROOT, "attach <pid> on serve, until it returns (ms, %d runs): %.1f [%s]; a workload right after"
                + " is counted: %s%n", runs, median(millis), range(millis), counted ? "yes, every run" : "NO"));
    }

    /**
     * JDK 25's AOT cache: trained without the agent it cannot be used with it (the JVM says so and runs
     * without it); trained with the agent, the host's classes come from it (the agent's own do not).
     */
    private void aotCache(StringBuilder b, String java25, int runs) throws Exception {
        Path plainAot = work.resolve("plain.aot");
        Path agentAot = work.resolve("agent.aot");
        Path aotState = work.resolve("aot-state");
        String agentArg = agentArg(aotState, "");
        run(List.of("-XX:AOTCacheOutput=" + plainAot), cp, java25);
        run(List.of("-XX:AOTCacheOutput=" + agentAot, agentArg), cp, java25);
        run(List.of("-XX:AOTCache=" + agentAot, agentArg), cp, java25);
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("plain", List.of());
        configs.put("plain, AOT cache", List.of("-XX:AOTCache=" + plainAot));
        configs.put("agent", List.of(agentArg));
        configs.put("agent, AOT cache with it", List.of("-XX:AOTCache=" + agentAot, agentArg));
        for (int i = 0; i < runs; i++) {
            List<String> order = new ArrayList<>(configs.keySet());
            Collections.rotate(order, i);
            for (String c : order) {
                long t0 = System.nanoTime();
                run(configs.get(c), cp, java25);
                wall.computeIfAbsent(c, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
            }
        }
        b.append("JDK 25 (").append(java25).append("), trivial host:\n");
        rows(b, "  wall (ms)", wall);
        Path log = work.resolve("aot-agent.txt");
        run(List.of("-XX:AOTCache=" + agentAot, agentArg, "-Xlog:class+load=info:file=" + log), cp, java25);
        List<String> lines = Files.readAllLines(log);
        long fromCache = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        long agentFromCache = lines.stream().filter(l -> l.contains(" dev.telemetry.agent.") && l.contains("shared objects file")).count();
        b.append(String.format(Locale.ROOT, "  AOT cache trained with the agent: %d of %d classes from it (the agent's own: %d), %s from \"%s\"%n",
                fromCache, lines.size(), agentFromCache, TrivialMain.class.getSimpleName(), sourceOf(lines, TrivialMain.class.getName())));
        String err = run(List.of("-XX:AOTCache=" + plainAot, agentArg), cp, java25);
        b.append("  AOT cache trained without the agent, used with it: ")
                .append(err.contains("Unable to map shared spaces") ? "refused by the JVM (" + firstLine(err) + "), the host runs without it"
                        : "JVM said: " + firstLine(err)).append('\n');
    }

    /**
     * A jar with only a manifest naming {@link EmptyAgent}, found on the host's class path: the cost of
     * {@code -javaagent:} itself (the instrumentation module, JVMTI, a second jar), with no agent code.
     */
    private Path emptyAgentJar() throws IOException {
        Path jar = work.resolve("empty-agent.jar");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (java.io.OutputStream out = Files.newOutputStream(jar); java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    /** One serve that runs until the agent has written its class cache (after start-delay). */
    private void fill(String agentArg, Path stateDir) throws Exception {
        int port = freePort();
        Process p = startServe(List.of(agentArg), port);
        try {
            awaitPort(p, port);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasEntry(stateDir.resolve("classes")) || !Files.exists(stateDir.resolve("state.json"))) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the agent wrote no class cache in " + stateDir);
                }
                Thread.sleep(50);
            }
        } finally {
            stop(p);
        }
    }

    private static boolean hasEntry(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(classes)) {
            return s.anyMatch(f -> f.toString().endsWith(".class"));
        }
    }

    /** Wall ms and CPU ms of one trivial host. */
    private double[] trivial(List<String> jvm) throws Exception {
        long[] before = childrenTicks();
        long t0 = System.nanoTime();
        run(jvm, cp, java());
        double wallMs = (System.nanoTime() - t0) / 1e6;
        long[] after = childrenTicks();
        double cpuMs = ((after[0] - before[0]) + (after[1] - before[1])) * 1000.0 / clockTicks;
        return new double[]{wallMs, cpuMs};
    }

    /** Runs the trivial host; returns what the JVM wrote to stderr that is not the host's or the agent's. */
    private static String run(List<String> jvm, String cp, String java) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", cp, TrivialMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start(); // the JVM's -Xlog warnings go to stdout
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the trivial host did not exit in 60 s");
        }
        StringBuilder jvmSaid = new StringBuilder();
        for (String l : err.split("\n")) {
            if (!l.isBlank() && !l.equals("host says hello") && !l.startsWith("[telemetry-agent]") && !l.startsWith("Picked up") && !l.contains("AOTCache creation")
                    && !l.contains("AOTConfiguration") && !l.contains("AOT configuration")) {
                jvmSaid.append(l).append('\n');
            }
        }
        return jvmSaid.toString();
    }

    private double serveMillis(List<String> jvm) throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        Process p = startServe(jvm, port);
        try {
            awaitPort(p, port);
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            stop(p);
        }
    }

    /** test-app's serve on the JDK running this, its output discarded. */
    private Process startServe(List<String> jvm, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", testApp.toString(), "serve", "--port", String.valueOf(port)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static void awaitPort(Process p, int port) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("serve did not start");
                }
                Thread.sleep(2);
            }
        }
    }

    private static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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
        return String.format(Locale.ROOT, "(Byte Buddy %d, Jackson %d, the agent's own %d)", bb, jackson, agent);
    }

    private static Set<String> shared(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String l : lines) {
            if (l.contains("source: shared objects file")) {
                out.add(className(l));
            }
        }
        return out;
    }

    private static String sourceOf(List<String> lines, String className) {
        Map<String, String> sources = new HashMap<>();
        for (String l : lines) {
            int s = l.indexOf(" source: ");
            if (s > 0) {
                sources.put(className(l), l.substring(s + 9));
            }
        }
        return sources.getOrDefault(className, "not loaded");
    }

    private static String className(String line) {
        String rest = line.substring(line.lastIndexOf(']') + 2);
        return rest.substring(0, rest.indexOf(' '));
    }

    private static String firstLine(String s) {
        String t = s.trim();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
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
