package dev.telemetry.bench;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Load for the beacon, from its own process: several clients POST realistic reports (20 commands,
 * 40 result rows, each from a new installation and run) as fast as the beacon answers; prints reports
 * per second and latency percentiles over the measured window, after a warm-up under the same load.
 * {@code java -cp benchmarks.jar dev.telemetry.bench.BeaconLoad URL[,URL...] [clients] [seconds]}: with several
 * URLs (a fleet of beacons) each client sends its successive reports to them in turn, as a round-robin
 * load balancer would.
 * <p>
 * Lean, so that it takes as little as it can of the CPU the beacon needs on the same machine: every
 * report's installation and run ids are drawn before the load starts, each client writes its request
 * (one template, the two ids copied in) over one kept-alive HTTP/1.1 connection per beacon and reads
 * the reply's status and length itself, and latencies go into an array allocated up front. It prints
 * its own CPU time per report, and, given their process ids, the beacons' and PostgreSQL's, all over
 * the measured window only.
 */
@CommandLine.Command(name = "java -cp benchmarks.jar dev.telemetry.bench.BeaconLoad",
        description = "Reports per second into the beacon (benchmarks/beacon-load.sh runs it).")
public final class BeaconLoad implements Callable<Integer> {
    @CommandLine.Mixin
    BenchCli.Help help;

    @CommandLine.Parameters(index = "0", split = ",", paramLabel = "URL[,URL...]",
            description = "the beacons' report URLs; with several, each client sends to them in turn")
    List<URI> url;

    @CommandLine.Parameters(index = "1", defaultValue = "8", paramLabel = "CLIENTS", converter = BenchCli.Positive.class,
            description = "clients at once; default ${DEFAULT-VALUE}")
    int clients;

    @CommandLine.Parameters(index = "2", defaultValue = "10", paramLabel = "SECONDS", converter = BenchCli.Positive.class,
            description = "the measured window; default ${DEFAULT-VALUE}")
    int seconds;

    @CommandLine.Option(names = "--warm-up", defaultValue = "20", paramLabel = "SECONDS",
            description = "the same load first, not measured (the JIT compiles meanwhile); default ${DEFAULT-VALUE}")
    int warmUp;

    @CommandLine.Option(names = "--beacon-pids", split = ",", paramLabel = "PID[,PID...]",
            description = "the beacons' processes: their CPU time per report over the measured window is printed")
    List<Long> beaconPids = List.of();

    @CommandLine.Option(names = "--postgres-pid", paramLabel = "PID",
            description = "PostgreSQL's postmaster: its backends' CPU time per report over the measured window is printed")
    Long postgresPid;

    @CommandLine.Option(names = "--max-rate", defaultValue = "10000", paramLabel = "N",
            description = "reports per second all clients together can send at most: the ids drawn up front; default ${DEFAULT-VALUE}")
    int maxRate;

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new BeaconLoad(), args));
    }

    /** One report's two ids as the body spells them: uuid (version 4), then run_id, 36 bytes each. */
    static final int ID_BYTES = 72;

    @Override
    public Integer call() throws Exception {
        int perClient = (int) Math.min(Integer.MAX_VALUE / ID_BYTES, (long) maxRate * (warmUp + seconds + 1) / clients + 1);
        Template template = Template.of(report(new UUID(0, 0), new UUID(0, 0)));
        SplittableRandom random = new SplittableRandom();
        Client[] cs = new Client[clients];
        for (int c = 0; c < clients; c++) {
            cs[c] = new Client(url, template, ids(random.split(), perClient), seconds * (long) maxRate / clients + 1);
        }
        CountDownLatch done = new CountDownLatch(clients);
        long startNs = System.nanoTime();
        for (Client c : cs) {
            Thread t = new Thread(() -> {
                try {
                    c.run();
                } finally {
                    done.countDown();
                }
            }, "load");
            t.setDaemon(true);
            t.start();
        }
        // the measured window follows the warm-up without a pause: the beacon stays under load throughout
        long from = startNs + warmUp * 1_000_000_000L;
        long to = from + seconds * 1_000_000_000L;
        for (Client c : cs) {
            c.from = from;
            c.to = to;
        }
        sleepUntil(from);
        Cpu cpu0 = Cpu.now(beaconPids, postgresPid);
        sleepUntil(to);
        Cpu cpu1 = Cpu.now(beaconPids, postgresPid);
        done.await();
        long n = 0;
        long errors = 0;
        int latencies = 0;
        for (Client c : cs) {
            n += c.measured;
            errors += c.errors;
            latencies += c.recorded;
        }
        long[] all = new long[latencies];
        int at = 0;
        for (Client c : cs) {
            System.arraycopy(c.latency, 0, all, at, c.recorded);
            at += c.recorded;
        }
        Arrays.sort(all);
        double elapsed = (to - from) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%d clients, %d s after a %d s warm-up, %d beacon(s): %d reports, %.0f reports/s, latency p50 %.1f ms, p99 %.1f ms,"
                        + " errors %d, load generator CPU %.3f ms/report",
                clients, seconds, warmUp, url.size(), n, n / elapsed, pct(all, 0.50), pct(all, 0.99), errors,
                perReport(cpu1.self - cpu0.self, n)));
        if (!beaconPids.isEmpty()) {
            line.append(String.format(Locale.ROOT, ", beacon CPU %.3f ms/report", perReport(cpu1.beacons - cpu0.beacons, n)));
        }
        if (postgresPid != null) {
            line.append(String.format(Locale.ROOT, ", PostgreSQL CPU %.3f ms/report", perReport(cpu1.postgres - cpu0.postgres, n)));
        }
        line.append(String.format(Locale.ROOT, ", machine busy %.0f%% of %d cores",
                100.0 * (cpu1.machineBusy - cpu0.machineBusy) / Math.max(1, cpu1.machineAll - cpu0.machineAll),
                Runtime.getRuntime().availableProcessors()));
        if (!beaconPids.isEmpty()) {
            // by thread: the JIT's compiler threads and the GC are not in a JFR profile's samples
            Map<String, Long> by = new TreeMap<>();
            cpu1.threads.forEach((k, v) -> by.put(k, v - cpu0.threads.getOrDefault(k, 0L)));
            long reports = n;
            line.append(", the beacons' CPU by thread (ms/report):");
            by.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), perReport(e.getValue(), reports))));
        }
        for (Client c : cs) {
            if (c.failure != null) {
                line.append(", a client stopped: ").append(c.failure);
                break;
            }
        }
        System.out.println(line);
        return errors == 0 ? 0 : 1;
    }

    private static double perReport(long nanos, long n) {
        return n == 0 ? 0 : nanos / 1e6 / n;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    /** {@code n} reports' ids, drawn now: a version 4 uuid and a run id each, as the body spells them. */
    static byte[] ids(SplittableRandom random, int n) {
        byte[] out = new byte[n * ID_BYTES];
        for (int i = 0; i < n; i++) {
            String u = v4(random).toString() + v4(random);
            for (int j = 0; j < ID_BYTES; j++) {
                out[i * ID_BYTES + j] = (byte) u.charAt(j);
            }
        }
        return out;
    }

    private static UUID v4(SplittableRandom r) {
        return new UUID((r.nextLong() & ~0xf000L) | 0x4000L, (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The request's bytes (head and body), and where the two ids go. */
    record Template(byte[] body, int uuidAt, int runAt) {
        static Template of(byte[] body) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String zero = new UUID(0, 0).toString();
            int u = text.indexOf("\"uuid\":\"" + zero) + 8;
            int r = text.indexOf("\"run_id\":\"" + zero) + 10;
            return new Template(body, u, r);
        }

        /** The whole request to {@code target}, with its head; the ids' offsets move by the head's length. */
        byte[] request(URI target, int[] offsets) {
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            offsets[0] = head.length + uuidAt;
            offsets[1] = head.length + runAt;
            return out;
        }
    }

    /** One client: its connections (one per beacon, kept alive), its requests and ids, its latencies. */
    static final class Client {
        private final List<URI> targets;
        private final byte[][] requests;
        private final int[][] offsets;
        private final byte[] ids;
        private final byte[] in = new byte[16 * 1024];
        final long[] latency;
        volatile long from = Long.MAX_VALUE;
        volatile long to = Long.MAX_VALUE;
        long measured;
        long errors;
        int recorded;
        String failure;

        Client(List<URI> targets, Template template, byte[] ids, long latencies) {
            this.targets = targets;
            this.requests = new byte[targets.size()][];
            this.offsets = new int[targets.size()][2];
            for (int i = 0; i < targets.size(); i++) {
                requests[i] = template.request(targets.get(i), offsets[i]);
            }
            this.ids = ids;
            this.latency = new long[(int) Math.min(Integer.MAX_VALUE - 8, latencies)];
        }

        void run() {
            List<Socket> sockets = new ArrayList<>();
            try {
                OutputStream[] out = new OutputStream[targets.size()];
                InputStream[] inputs = new InputStream[targets.size()];
                for (int i = 0; i < targets.size(); i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress(targets.get(i).getHost(), targets.get(i).getPort()), 5000);
                    s.setSoTimeout(30_000);
                    out[i] = s.getOutputStream();
                    inputs[i] = s.getInputStream();
                }
                int reports = ids.length / ID_BYTES;
                for (int n = 0; ; n++) {
                    if (n == reports) {
                        throw new IllegalStateException("ran out of the ids drawn up front (raise --max-rate)");
                    }
                    int b = n % requests.length;
                    byte[] req = requests[b];
                    System.arraycopy(ids, n * ID_BYTES, req, offsets[b][0], 36);
                    System.arraycopy(ids, n * ID_BYTES + 36, req, offsets[b][1], 36);
                    long s = System.nanoTime();
                    if (s >= to) {
                        break;
                    }
                    out[b].write(req);
                    int status = readReply(inputs[b]);
                    long e = System.nanoTime();
                    if (e >= from && e < to) {
                        measured++;
                        if (status != 201) {
                            errors++;
                        }
                        if (recorded < latency.length) {
                            latency[recorded++] = e - s;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = e.toString();
                errors++;
            } finally {
                for (Socket s : sockets) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }

        /** Reads one reply (a head with Content-Length, then that many bytes); returns its status. */
        private int readReply(InputStream s) throws IOException {
            int have = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int r = s.read(in, have, in.length - have);
                if (r < 0) {
                    throw new IOException("the beacon closed the connection");
                }
                have += r;
                headEnd = headEnd(in, have);
                if (headEnd < 0 && have == in.length) {
                    throw new IOException("a reply's head is longer than " + in.length + " bytes");
                }
            }
            int status = (in[9] - '0') * 100 + (in[10] - '0') * 10 + (in[11] - '0');
            long length = contentLength(in, headEnd);
            if (length < 0) {
                throw new IOException("a reply without Content-Length (HTTP " + status + ")");
            }
            for (long left = headEnd + length - have; left > 0; ) {
                int r = s.read(in, 0, (int) Math.min(in.length, left));
                if (r < 0) {
                    throw new IOException("the beacon closed the connection");
                }
                left -= r;
            }
            return status;
        }

        /** The offset just past the head's blank line, or -1. */
        static int headEnd(byte[] b, int n) {
            for (int i = 3; i < n; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(StandardCharsets.ISO_8859_1);

        /** The Content-Length header's value in the head {@code b[0, end)}, or -1. */
        static long contentLength(byte[] b, int end) {
            outer:
            for (int i = 0; i + CONTENT_LENGTH.length < end; i++) {
                for (int j = 0; j < CONTENT_LENGTH.length; j++) {
                    if (Character.toLowerCase(b[i + j]) != CONTENT_LENGTH[j]) {
                        continue outer;
                    }
                }
                long v = 0;
                int k = i + CONTENT_LENGTH.length;
                while (k < end && b[k] == ' ') {
                    k++;
                }
                for (; k < end && b[k] >= '0' && b[k] <= '9'; k++) {
                    v = v * 10 + (b[k] - '0');
                }
                return v;
            }
            return -1;
        }
    }

    /** CPU time so far, in ns: this process, the beacons, PostgreSQL's backends; and the machine's busy and all jiffies. */
    private record Cpu(long self, long beacons, long postgres, long machineBusy, long machineAll, Map<String, Long> threads) {
        private static final long NS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

        static Cpu now(List<Long> beacons, Long postgres) throws IOException {
            long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long b = 0;
            Map<String, Long> threads = new TreeMap<>();
            for (long p : beacons) {
                b += ticks(p);
                // the beacons' threads by name, numbers dropped: "C2 CompilerThread0" and "...1" count as one
                try (var tasks = Files.list(Path.of("/proc/" + p + "/task"))) {
                    for (Path t : (Iterable<Path>) tasks::iterator) {
                        try {
                            String name = Files.readString(t.resolve("comm")).trim().replaceAll("[-#\\d\\s]+$", "");
                            String[] f = stat(t.resolve("stat"));
                            if (f != null) {
                                threads.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NS_PER_TICK, Long::sum);
                            }
                        } catch (IOException | RuntimeException gone) {
                            // the thread ended meanwhile
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended
                }
            }
            long pg = 0;
            if (postgres != null) {
                // the backends, PostgreSQL's processes under the postmaster (its own share is small)
                try (var procs = Files.list(Path.of("/proc"))) {
                    for (Path p : (Iterable<Path>) procs::iterator) {
                        String name = p.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) {
                            continue;
                        }
                        String[] f = stat(Long.parseLong(name));
                        if (f != null && Long.parseLong(f[1]) == postgres) {
                            pg += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    }
                }
                pg += ticks(postgres);
            }
            String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < all.length && i <= 8; i++) {
                total += Long.parseLong(all[i]);
            }
            long idle = Long.parseLong(all[4]) + Long.parseLong(all[5]);
            return new Cpu(self, b * NS_PER_TICK, pg * NS_PER_TICK, total - idle, total, threads);
        }

        private static long ticks(long pid) {
            String[] f = stat(pid);
            return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        /** /proc/PID/stat's fields after the command's closing parenthesis (state is [0], ppid [1], utime [11], stime [12]), or null. */
        private static String[] stat(long pid) {
            return stat(Path.of("/proc/" + pid + "/stat"));
        }

        private static String[] stat(Path file) {
            try {
                String s = Files.readString(file);
                return s.substring(s.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** A report as the agent sends it (docs/report-format.md): 20 commands and 40 result rows. */
    static byte[] report(UUID uuid, UUID run) {
        StringBuilder b = new StringBuilder(8192);
        b.append("{\"schema_version\":1,\"uuid\":\"").append(uuid).append("\",\"run_id\":\"").append(run)
         .append("\",\"sequence\":1,\"app\":{\"name\":\"loadtest\",\"version\":\"1.2.3\",\"backend\":\"memory\",")
         .append("\"installation_type\":\"docker\",\"build_tags\":[\"a\"]},\"agent\":{\"version\":\"0.1.0\",\"profile\":\"mongo-java-server\"},")
         .append("\"runtime\":{\"java_version\":\"17.0.15\",\"java_vendor\":\"Debian\",\"os\":\"Linux\",\"arch\":\"amd64\"},")
         .append("\"uptime_s\":3600,\"telemetry\":\"enabled\",\"commands\":{");
        for (int c = 0; c < 20; c++) {
            b.append(c == 0 ? "" : ",").append("\"cmd").append(c).append("\":{\"count\":100,\"failures\":10,\"total_us\":12345,")
             .append("\"histogram\":[0,0,0,0,0,0,0,10,20,40,20,10]}");
        }
        b.append("},\"results\":[");
        for (int r = 0; r < 40; r++) {
            b.append(r == 0 ? "" : ",").append("{\"command\":\"cmd").append(r % 20).append("\",\"operator\":\"$op").append(r)
             .append("\",\"result\":\"BadValue\",\"code\":2,\"count\":").append(r + 1).append('}');
        }
        b.append("],\"dropped\":{\"commands\":0,\"results\":0,\"omitted_commands\":0,\"omitted_results\":0}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
