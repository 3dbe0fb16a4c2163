package dev.telemetry.beacon.store;

import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A made-up but plausible installed base for {@link Seeder}, the same for the same seed, period and
 * end. Servers run for days and report once a day; developers' machines run on most working days.
 * Most installations are there from the first day, some appear later, some stop; some upgrade when a
 * release comes out during the period, some undecided ones enable telemetry. Each report is what the
 * agent sends: the cumulative counts of its run, histograms in the agent's buckets, ok results and the
 * failures the installation keeps hitting (a few common, many rare). Every installation sends at least
 * its first report.
 */
final class InstalledBase {
    /** A report as the beacon receives it: when, what, and what it derives from the address. */
    record Sent(Instant at, Report report, GeoInfo geo) {}

    private record Weighted<T>(T value, double weight) {}

    /** {@code at}: when it came out, in periods from the period's start (negative: before it). */
    private record Release(String version, double at) {}

    private record App(String name, List<Release> releases) {}

    /** {@code perDay}: dispatches a day at load 1; {@code bucket}: the usual histogram bucket. */
    private record Command(String name, double perDay, double presence, int bucket) {}

    private record Platform(String os, String arch) {}

    private record Network(Long asn, String organization) {}

    private static final long DAY = 86_400;
    private static final long HOUR = 3_600;

    private static final List<Weighted<App>> APPS = List.of(
            w(new App("orders", List.of(new Release("3.2.0", -12), new Release("3.3.0", -4), new Release("3.3.1", -1),
                    new Release("3.4.0", 0.5))), 6),
            w(new App("catalog", List.of(new Release("1.18.2", -6), new Release("1.19.0", -2), new Release("1.20.0", 0.25))), 3),
            w(new App("edge-cache", List.of(new Release("0.9.0", -3), new Release("0.9.1", 0.8))), 1));
    private static final List<Weighted<String>> TYPES = List.of(w("docker", 45), w("package", 20), w("self-built", 15),
            w("unknown", 20));
    private static final List<Weighted<String>> BACKENDS = List.of(w("memory", 35), w("h2", 30), w("postgresql", 35));
    private static final List<Weighted<List<String>>> TAGS = List.of(w(List.of(), 70), w(List.of("enterprise"), 20),
            w(List.of("enterprise", "fips"), 5), w(List.of("oss"), 5));
    private static final List<Weighted<String>> JAVA = List.of(w("11.0.27", 6), w("11.0.25", 4), w("17.0.15", 25),
            w("17.0.14", 12), w("17.0.9", 5), w("21.0.7", 25), w("21.0.6", 10), w("25.0.1", 5), w("25", 3));
    private static final List<Weighted<String>> VENDORS = List.of(w("Eclipse Adoptium", 40), w("Amazon.com Inc.", 20),
            w("Oracle Corporation", 15), w("Debian", 10), w("Azul Systems, Inc.", 10), w("Red Hat, Inc.", 5));
    private static final List<Weighted<Platform>> SERVER_PLATFORMS = List.of(w(new Platform("Linux", "amd64"), 80),
            w(new Platform("Linux", "aarch64"), 14), w(new Platform("Windows Server 2022", "amd64"), 6));
    private static final List<Weighted<Platform>> DEV_PLATFORMS = List.of(w(new Platform("Mac OS X", "aarch64"), 45),
            w(new Platform("Linux", "amd64"), 30), w(new Platform("Windows 11", "amd64"), 20), w(new Platform("Mac OS X", "x86_64"), 5));
    // null: the address was not in the country database
    private static final List<Weighted<String>> COUNTRIES = List.of(w("US", 28), w("DE", 14), w("GB", 7), w("FR", 6),
            w("IN", 6), w("NL", 5), w("BR", 4), w("JP", 4), w("CA", 4), w("CN", 3), w("PL", 3), w("SE", 2), w("AU", 2),
            w("ES", 2), w("IT", 2), w("CH", 2), w(null, 6));
    private static final List<Weighted<String>> AWS_REGIONS = List.of(w("us-east-1", 40), w("eu-central-1", 20),
            w("us-west-2", 15), w("eu-west-1", 15), w("ap-southeast-1", 10), w(null, 5));
    private static final List<Weighted<String>> GCP_REGIONS = List.of(w("europe-west1", 40), w("us-central1", 40),
            w("asia-east1", 20));
    private static final Network NO_NETWORK = new Network(null, null);
    private static final List<Weighted<Network>> NETWORKS = List.of(w(new Network(3320L, "Deutsche Telekom AG"), 10),
            w(new Network(7922L, "COMCAST-7922"), 15), w(new Network(24940L, "Hetzner Online GmbH"), 20),
            w(new Network(16276L, "OVH SAS"), 15), w(new Network(14061L, "DIGITALOCEAN-ASN"), 15), w(NO_NETWORK, 25));

    private static final List<Command> COMMANDS = List.of(
            new Command("hello", 8640, 1, 4), new Command("isMaster", 2000, 0.5, 4), new Command("ping", 1500, 0.9, 3),
            new Command("find", 20000, 1, 8), new Command("getMore", 3000, 0.7, 9), new Command("insert", 5000, 0.95, 9),
            new Command("update", 4000, 0.9, 9), new Command("delete", 800, 0.8, 8), new Command("aggregate", 2500, 0.75, 11),
            new Command("count", 900, 0.6, 8), new Command("distinct", 200, 0.35, 9), new Command("findAndModify", 700, 0.5, 10),
            new Command("createIndexes", 20, 0.8, 12), new Command("listCollections", 60, 0.85, 6),
            new Command("listIndexes", 40, 0.6, 6), new Command("listDatabases", 10, 0.4, 6), new Command("drop", 5, 0.3, 10),
            new Command("dropDatabase", 1, 0.15, 12), new Command("buildInfo", 30, 0.9, 3), new Command("endSessions", 100, 0.7, 3),
            new Command("killCursors", 50, 0.4, 4), new Command("saslStart", 20, 0.3, 12), new Command("saslContinue", 40, 0.3, 12),
            new Command("serverStatus", 50, 0.2, 6), new Command("getLastError", 10, 0.05, 3));

    /** Failing (command, operator, result, code), most common first: the n-th is hit by about 1 in 2·n^1.2 installations. */
    private static final List<Rollup.Gap> GAPS = List.of(
            gap("aggregate", "$graphLookup", "NotImplemented", 238), gap("insert", "unknown", "DuplicateKey", 11000),
            gap("find", "$where", "NotImplemented", 238), gap("aggregate", "$facet", "NotImplemented", 238),
            gap("update", "unknown", "DuplicateKey", 11000), gap("find", "$text", "NotImplemented", 238),
            gap("listSearchIndexes", "unknown", "CommandNotFound", 59),
            gap("aggregate", "$setWindowFields", "InvalidPipelineOperator", 168), gap("find", "$where", "BadValue", 2),
            gap("aggregate", "$lookup", "BadValue", 2), gap("collMod", "unknown", "CommandNotFound", 59),
            gap("find", "$near", "NotImplemented", 238), gap("aggregate", "$unionWith", "InvalidPipelineOperator", 168),
            gap("update", "$pullAll", "NotImplemented", 238), gap("createIndexes", "unknown", "CannotCreateIndex", 67),
            gap("find", "$jsonSchema", "NotImplemented", 238), gap("aggregate", "$merge", "NotImplemented", 238),
            gap("findAndModify", "unknown", "DuplicateKey", 11000), gap("currentOp", "unknown", "CommandNotFound", 59),
            gap("aggregate", "$densify", "InvalidPipelineOperator", 168), gap("find", "$geoIntersects", "NotImplemented", 238),
            gap("dbHash", "unknown", "CommandNotFound", 59), gap("aggregate", "$bucketAuto", "NotImplemented", 238),
            gap("update", "$bit", "NotImplemented", 238), gap("find", "$expr", "BadValue", 2),
            gap("update", "unknown", "TypeMismatch", 14), gap("aggregate", "$out", "IllegalOperation", 20),
            gap("killOp", "unknown", "CommandNotFound", 59), gap("aggregate", "$geoNear", "NotImplemented", 238),
            gap("find", "$nearSphere", "NotImplemented", 238), gap("validate", "unknown", "CommandNotFound", 59),
            gap("aggregate", "$fill", "InvalidPipelineOperator", 168), gap("distinct", "unknown", "UnsupportedOperationException", Report.NO_CODE),
            gap("find", "$bitsAllSet", "NotImplemented", 238), gap("setParameter", "unknown", "CommandNotFound", 59),
            gap("aggregate", "$function", "NotImplemented", 238), gap("getLog", "unknown", "CommandNotFound", 59),
            gap("aggregate", "$accumulator", "NotImplemented", 238), gap("update", "$rename", "IllegalStateException", Report.NO_CODE),
            gap("createSearchIndexes", "unknown", "CommandNotFound", 59));

    /** Share of a bucket's dispatches at offsets -3 to +4 from the command's usual bucket. */
    private static final double[] SPREAD = {0.02, 0.08, 0.22, 0.34, 0.2, 0.09, 0.04, 0.01};

    private final SplittableRandom master;
    private final Instant start;
    private final long length;

    /** The period: {@code days} whole UTC days ending with the day of {@code end}, up to {@code end}. */
    InstalledBase(long seed, int days, Instant end) {
        this.master = new SplittableRandom(seed);
        this.start = end.atZone(ZoneOffset.UTC).toLocalDate().minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.length = Duration.between(start, end).getSeconds();
    }

    /** The next installation's reports, in the order it sends them. */
    List<Sent> next() {
        return new Installation(master.split()).reports();
    }

    /** One installation: what it is, then its runs; times are seconds from the period's start. */
    private final class Installation {
        final SplittableRandom rnd;
        final UUID uuid;
        final App app;
        final String type;
        final boolean server;
        final String backend;
        final List<String> tags;
        final String java;
        final String vendor;
        final Platform platform;
        final GeoInfo geo;
        final boolean upgrades;
        final List<Command> commands = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Rollup.Gap> gaps = new ArrayList<>();
        final List<Integer> gapCommand = new ArrayList<>();
        final List<Double> gapOdds = new ArrayList<>();
        final List<Integer> gapSize = new ArrayList<>();
        final int bucketShift;
        boolean undecided;
        String version;

        Installation(SplittableRandom rnd) {
            this.rnd = rnd;
            uuid = new UUID(rnd.nextLong() & ~0xF000L | 0x4000L, rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
            app = pick(rnd, APPS);
            type = pick(rnd, TYPES);
            server = type.equals("docker") || type.equals("package") || type.equals("unknown") && rnd.nextBoolean();
            backend = pick(rnd, BACKENDS);
            bucketShift = backend.equals("memory") ? 0 : backend.equals("h2") ? 1 : 2;
            tags = pick(rnd, TAGS);
            java = pick(rnd, JAVA);
            vendor = pick(rnd, VENDORS);
            platform = pick(rnd, server ? SERVER_PLATFORMS : DEV_PLATFORMS);
            geo = geo(rnd);
            undecided = rnd.nextDouble() < 0.15;
            upgrades = rnd.nextDouble() < (server ? 0.5 : 0.8);
            double load = Math.exp(rnd.nextGaussian()) * (server ? 1 : 0.05);
            for (Command c : COMMANDS) {
                if (rnd.nextDouble() < c.presence()) {
                    commands.add(c);
                    rates.add(c.perDay() * load * (0.5 + rnd.nextDouble()));
                }
            }
            for (int i = 0; i < GAPS.size(); i++) {
                if (rnd.nextDouble() < 0.5 / Math.pow(i + 1, 1.2)) {
                    Rollup.Gap g = GAPS.get(i);
                    gaps.add(g);
                    gapCommand.add(command(g.command()));
                    gapOdds.add(0.15 + 0.85 * rnd.nextDouble());
                    gapSize.add(1 + (int) (load * 10 * rnd.nextDouble()));
                }
            }
        }

        /** The index of a command it uses; a command it lacks (one the server does not know) only ever fails. */
        private int command(String name) {
            for (int i = 0; i < commands.size(); i++) {
                if (commands.get(i).name().equals(name)) {
                    return i;
                }
            }
            Command known = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(new Command(name, 0, 0, 5));
            commands.add(known);
            rates.add(0.0);
            return commands.size() - 1;
        }

        List<Sent> reports() {
            // the first report must fit before the end, however short the period
            long firstDelay = Math.min(firstDelay(), length / 2);
            long room = Math.max(0, length - firstDelay - 60);
            long birth = (long) (rnd.nextDouble() * (rnd.nextDouble() < 0.85 ? Math.min(DAY, room) : room));
            long firstAt = birth + firstDelay;
            long death = rnd.nextDouble() < 0.08 && firstAt + 60 < length
                    ? firstAt + 60 + (long) (rnd.nextDouble() * (length - firstAt - 60)) : Long.MAX_VALUE;
            version = releasedBy(birth, true);
            List<Sent> out = new ArrayList<>();
            List<long[]> runs = server ? serverRuns(birth, firstDelay, death) : devRuns(birth, firstDelay, death);
            for (int i = 0; i < runs.size(); i++) {
                if (i > 0) {
                    if (upgrades && rnd.nextDouble() < 0.5) {
                        version = releasedBy(runs.get(i)[0], false);
                    }
                    if (undecided && rnd.nextDouble() < 0.1) {
                        undecided = false;
                    }
                }
                run(runs.get(i)[0], runs.get(i)[1], i == 0 ? firstDelay : firstDelay(), out);
            }
            return out;
        }

        private long firstDelay() {
            // the agent's start-delay and a moment, or the undecided delay
            return undecided ? HOUR : 2 + rnd.nextInt(8);
        }

        /** Long runs with restarts between them, now and then down for days. */
        private List<long[]> serverRuns(long birth, long firstDelay, long death) {
            List<long[]> runs = new ArrayList<>();
            for (long t = birth; t <= length && t < death; ) {
                long len = (long) (-Math.log(1 - rnd.nextDouble()) * 7 * DAY);
                long stop = Math.min(t + (runs.isEmpty() ? Math.max(len, firstDelay + 600) : len), death);
                runs.add(new long[]{t, stop});
                t = stop + (rnd.nextDouble() < 0.75 ? 30 + rnd.nextInt(600) : DAY + rnd.nextInt((int) (4 * DAY)));
            }
            return runs;
        }

        /** A run on the first day, then one on most working days and few weekends. */
        private List<long[]> devRuns(long birth, long firstDelay, long death) {
            List<long[]> runs = new ArrayList<>();
            runs.add(new long[]{birth, Math.min(birth + firstDelay + 600 + rnd.nextInt((int) (8 * HOUR)), death)});
            for (long day = (birth / DAY + 1) * DAY; day <= length; day += DAY) {
                DayOfWeek dow = start.plusSeconds(day).atZone(ZoneOffset.UTC).getDayOfWeek();
                boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
                if (rnd.nextDouble() < (weekend ? 0.08 : 0.6)) {
                    long s = day + 7 * HOUR + rnd.nextInt((int) (5 * HOUR));
                    if (s >= death) {
                        break;
                    }
                    runs.add(new long[]{s, Math.min(s + 1800 + rnd.nextInt((int) (9 * HOUR)), death)});
                }
            }
            return runs;
        }

        /** The reports of one run: a first one, then one a day, and a last one at exit (not while undecided). */
        private void run(long s, long e, long firstDelay, List<Sent> out) {
            UUID runId = new UUID(rnd.nextLong(), rnd.nextLong());
            long[][] counts = new long[commands.size()][3 + Histograms.BUCKETS];
            long[] ok = new long[commands.size()];
            long[] failing = new long[gaps.size()];
            long last = s;
            long sequence = 0;
            for (long t = s + firstDelay; t < e && t <= length; t += DAY) {
                grow(t - last, counts, ok, failing);
                out.add(sent(t, runId, ++sequence, t - s, counts, ok, failing));
                last = t;
            }
            if (sequence > 0 && !undecided && e <= length && e > last) {
                grow(e - last, counts, ok, failing);
                out.add(sent(e, runId, ++sequence, e - s, counts, ok, failing));
            }
        }

        /** Adds {@code seconds} of work to a run's cumulative counts. */
        private void grow(long seconds, long[][] counts, long[] ok, long[] failing) {
            double days = (double) seconds / DAY;
            for (int c = 0; c < commands.size(); c++) {
                long n = (long) (rates.get(c) * days * (0.8 + 0.4 * rnd.nextDouble()) + rnd.nextDouble());
                ok[c] += n;
                dispatches(counts[c], commands.get(c).bucket() + bucketShift, n);
            }
            for (int g = 0; g < gaps.size(); g++) {
                if (rnd.nextDouble() < gapOdds.get(g) * Math.min(1, days)) {
                    long n = 1 + rnd.nextInt(gapSize.get(g));
                    failing[g] += n;
                    long[] v = counts[gapCommand.get(g)];
                    v[1] += n;
                    dispatches(v, commands.get(gapCommand.get(g)).bucket() + bucketShift - 1, n); // failures are quick
                }
            }
        }

        /** Counts {@code n} dispatches around bucket {@code usual}, now and then one of them slow. */
        private void dispatches(long[] v, int usual, long n) {
            long left = n;
            if (n > 0 && rnd.nextDouble() < n * 0.0002) {
                add(v, usual + 6 + rnd.nextInt(4), 1);
                left--;
            }
            if (left > 32) {
                long all = left;
                for (int k = 0; k < SPREAD.length; k++) {
                    long m = (long) (all * SPREAD[k]);
                    add(v, usual - 3 + k, m);
                    left -= m;
                }
            }
            for (; left > 0; left--) {
                double x = rnd.nextDouble();
                int k = 0;
                while (k < SPREAD.length - 1 && x >= SPREAD[k]) {
                    x -= SPREAD[k++];
                }
                add(v, usual - 3 + k, 1);
            }
        }

        private Sent sent(long t, UUID runId, long sequence, long uptime, long[][] counts, long[] ok, long[] failing) {
            List<Report.Command> cmds = new ArrayList<>();
            List<Report.Result> results = new ArrayList<>();
            for (int c = 0; c < commands.size(); c++) {
                long[] v = counts[c];
                if (v[0] == 0) {
                    continue;
                }
                int used = Histograms.BUCKETS;
                while (v[3 + used - 1] == 0) {
                    used--; // the agent leaves trailing empty buckets out
                }
                cmds.add(new Report.Command(commands.get(c).name(), v[0], v[1], v[2], Arrays.copyOfRange(v, 3, 3 + used)));
                if (ok[c] > 0) {
                    results.add(new Report.Result(commands.get(c).name(), "unknown", "ok", Report.NO_CODE, ok[c]));
                }
            }
            for (int g = 0; g < gaps.size(); g++) {
                if (failing[g] > 0) {
                    Rollup.Gap gap = gaps.get(g);
                    results.add(new Report.Result(gap.command(), gap.operator(), gap.result(), gap.code(), failing[g]));
                }
            }
            Report r = new Report(uuid, runId, sequence, app.name(), version, backend, type, tags, "0.1.0", "mongo-java-server",
                    java, vendor, platform.os(), platform.arch(), uptime, undecided ? "undecided" : "enabled", cmds, results,
                    0, 0, 0, 0);
            return new Sent(start.plusSeconds(t), r, geo);
        }

        /** The newest version out by {@code t}, or for a new installation a recent one, mostly the newest. */
        private String releasedBy(long t, boolean anyRecent) {
            List<Weighted<String>> out = new ArrayList<>();
            double weight = 6;
            for (int i = app.releases().size() - 1; i >= 0; i--) {
                Release r = app.releases().get(i);
                if (r.at() * length <= t) {
                    out.add(w(r.version(), weight));
                    weight /= 2;
                }
            }
            return anyRecent ? pick(rnd, out) : out.get(0).value();
        }
    }

    /** Adds {@code n} dispatches to bucket {@code b} (clamped to the histogram) and to the count and total. */
    private static void add(long[] v, int b, long n) {
        int bucket = Math.max(0, Math.min(Histograms.BUCKETS - 1, b));
        v[0] += n;
        v[2] += n * (bucket == 0 ? 0 : 3L << bucket >> 2); // about the middle of [2^(b-1), 2^b) µs
        v[3 + bucket] += n;
    }

    private static GeoInfo geo(SplittableRandom rnd) {
        String country = pick(rnd, COUNTRIES);
        double cloud = rnd.nextDouble();
        if (cloud < 0.18) {
            return new GeoInfo(16509L, "AMAZON-02", country, GeoInfo.AWS, pick(rnd, AWS_REGIONS));
        }
        if (cloud < 0.26) {
            return new GeoInfo(396982L, "GOOGLE-CLOUD-PLATFORM", country, GeoInfo.GCP, pick(rnd, GCP_REGIONS));
        }
        Network net = country == null ? NO_NETWORK : pick(rnd, NETWORKS);
        return new GeoInfo(net.asn(), net.organization(), country, null, null);
    }

    private static <T> T pick(SplittableRandom rnd, List<Weighted<T>> choices) {
        double total = 0;
        for (Weighted<T> c : choices) {
            total += c.weight();
        }
        double x = rnd.nextDouble() * total;
        for (Weighted<T> c : choices) {
            x -= c.weight();
            if (x < 0) {
                return c.value();
            }
        }
        return choices.get(choices.size() - 1).value();
    }

    private static <T> Weighted<T> w(T value, double weight) {
        return new Weighted<>(value, weight);
    }

    private static Rollup.Gap gap(String command, String operator, String result, int code) {
        return new Rollup.Gap(command, operator, result, code);
    }
}
