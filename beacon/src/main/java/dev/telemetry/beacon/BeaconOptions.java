package dev.telemetry.beacon;

import dev.telemetry.beacon.geo.ClientAddress;
import dev.telemetry.contract.DurationText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The beacon's options, parsed and checked by picocli: {@code --name value} (or {@code --name=value})
 * on the command line, or the environment variable {@code BEACON_<NAME>} (dashes become underscores);
 * the command line wins. Every value is converted to its type here, so a wrong one is refused before
 * anything is created, in one line naming the option, the value and what is accepted
 * ({@link Invalid}). The files the options name are read and checked by {@link Beacon} at start.
 */
@Command(name = "beacon", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = BeaconOptions.Version.class,
        usageHelpWidth = 110,
        header = "The telemetry beacon: receives the agents' reports, answers with the latest version, shows the dashboard.",
        synopsisHeading = "usage: ", customSynopsis = "java -jar beacon.jar [--option value ...]",
        description = "Every option can also be given as the environment variable BEACON_<OPTION> (e.g. BEACON_DB,"
                + " BEACON_ADMIN_TOKEN); the command line wins. A wrong value stops the beacon at start (exit code 2)."
                + " See docs/beacon.md.",
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
public final class BeaconOptions {
    static final Duration MIN_RETENTION = Duration.ofDays(7);
    static final Duration MAX_RETENTION = Duration.ofDays(36500);

    /** An address and port to listen on. */
    public record Listen(String host, int port) {}

    @Option(names = "--listen", order = 1, defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            converter = ListenConverter.class, description = "address and port to listen on; default ${DEFAULT-VALUE}")
    private Listen listen;

    @Option(names = "--data-dir", order = 2, defaultValue = "./beacon-data", paramLabel = "DIR",
            converter = PathConverter.class, description = "where the embedded database lives; default ${DEFAULT-VALUE}")
    private Path dataDir;

    @Option(names = "--db", order = 3, defaultValue = "", paramLabel = "JDBC-URL", converter = JdbcUrlConverter.class,
            description = "a JDBC URL (jdbc:postgresql://host/db); empty: embedded H2 in data-dir")
    private String db;

    @Option(names = "--db-user", order = 4, defaultValue = "", paramLabel = "USER", description = "database user")
    private String dbUser;

    @Option(names = "--db-password", order = 5, defaultValue = "", paramLabel = "PASSWORD", description = "database password")
    private String dbPassword;

    @Option(names = "--db-pool", order = 6, defaultValue = "8", paramLabel = "N", converter = PoolSizeConverter.class,
            description = "connections this beacon keeps to the database (1 to 1000); default ${DEFAULT-VALUE}")
    private int dbPool;

    @Option(names = "--db-timeout", order = 7, defaultValue = "10s", paramLabel = "DURATION", converter = TimeoutConverter.class,
            description = "how long to wait for the database at start, and for a connection later (e.g. 10s, 500ms; 250ms to 10m); default ${DEFAULT-VALUE}")
    private Duration dbTimeout;

    @Option(names = "--releases", order = 8, paramLabel = "FILE", converter = PathConverter.class,
            description = "the releases file (JSON); re-read when it changes")
    private Path releases;

    @Option(names = "--geo-asn", order = 9, paramLabel = "FILE", converter = PathConverter.class,
            description = "a GeoLite2-ASN database (.mmdb)")
    private Path geoAsn;

    @Option(names = "--geo-country", order = 10, paramLabel = "FILE", converter = PathConverter.class,
            description = "a GeoLite2-Country database (.mmdb)")
    private Path geoCountry;

    @Option(names = "--aws-ranges", order = 11, paramLabel = "FILE", converter = PathConverter.class,
            description = "Amazon's ip-ranges.json")
    private Path awsRanges;

    @Option(names = "--gcp-ranges", order = 12, paramLabel = "FILE", converter = PathConverter.class,
            description = "Google Cloud's cloud.json")
    private Path gcpRanges;

    @Option(names = "--trusted-proxies", order = 13, defaultValue = "", paramLabel = "LIST", converter = ProxiesConverter.class,
            description = "comma-separated addresses or CIDRs whose X-Forwarded-For is believed")
    private String trustedProxies;

    @Option(names = "--rate-limit", order = 14, defaultValue = "60", paramLabel = "N", converter = RateConverter.class,
            description = "reports per client address per minute (0: no limit); default ${DEFAULT-VALUE}")
    private int rateLimit;

    @Option(names = "--retention", order = 15, defaultValue = "400d", paramLabel = "DURATION", converter = RetentionConverter.class,
            description = "metrics older than this are deleted (e.g. 400d, 30d; at least 7d); default ${DEFAULT-VALUE}")
    private Duration retention;

    @Option(names = "--admin-token", order = 16, defaultValue = "", paramLabel = "TOKEN",
            description = "the token the dashboard and /api/ require (Authorization: Bearer ...)")
    private String adminToken;

    @Option(names = "--fold-interval", order = 17, defaultValue = "1s", paramLabel = "DURATION", converter = FoldIntervalConverter.class,
            description = "how often reports are folded into the dashboard's tables (e.g. 1s, 200ms; 10ms to 1h); default ${DEFAULT-VALUE}")
    private Duration foldInterval;

    @Option(names = "--ingest-threads", order = 18, defaultValue = "1", paramLabel = "N", converter = IngestThreadsConverter.class,
            description = "transactions storing reports at once (PostgreSQL only: 1 with the embedded database; 1 to 16, fewer than --db-pool); default ${DEFAULT-VALUE}")
    private int ingestThreads;

    private BeaconOptions() {}

    /**
     * A wrong option: its message is the one line the beacon prints before it exits with code 2, such as
     * {@code --rate-limit: a whole number, 0 or more (0: no limit); got "-5"}.
     */
    public static final class Invalid extends IllegalArgumentException {
        private final String option;

        public Invalid(String option, String value, String accepted) {
            super(option + ": " + accepted + (value == null ? "" : "; got \"" + value + "\""));
            this.option = option;
        }

        Invalid(String message) {
            super(message);
            this.option = null;
        }

        /** The option, such as {@code --db}; null for an unknown option or a missing value. */
        public String option() {
            return option;
        }
    }

    /** Parses and checks every option; {@code env} gives the {@code BEACON_*} forms. */
    public static BeaconOptions parse(String[] args, Map<String, String> env) {
        BeaconOptions o = new BeaconOptions();
        CommandLine cl = commandLine(o, env);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw invalid(e, args, env);
        }
        // checked against the options they depend on, once all are read
        if (o.ingestThreads > 1 && o.embedded()) {
            throw new Invalid("--ingest-threads", String.valueOf(o.ingestThreads),
                    "1 with the embedded database (more are for PostgreSQL, --db)");
        }
        if (o.ingestThreads >= o.dbPool) {
            throw new Invalid("--ingest-threads", String.valueOf(o.ingestThreads),
                    "fewer than --db-pool (" + o.dbPool + "), which also serves the fold, /health and the dashboard");
        }
        return o;
    }

    /** True when the arguments ask for the usage help or the version instead of a beacon. */
    static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V"));
    }

    /** The generated usage help (the same options, in the same order, as docs/beacon.md). */
    public static String help() {
        StringWriter out = new StringWriter();
        commandLine(new BeaconOptions(), Map.of()).usage(new PrintWriter(out));
        return out.toString();
    }

    /** Prints the help or the version, whichever {@code args} ask for. */
    static void printHelpOrVersion(String[] args, PrintWriter out) {
        CommandLine cl = commandLine(new BeaconOptions(), Map.of());
        if (Arrays.asList(args).contains("--version") || Arrays.asList(args).contains("-V")) {
            cl.printVersionHelp(out);
        } else {
            cl.usage(out);
        }
        out.flush();
    }

    /** Option name (without the dashes) -> its default as written ("" when none), in the order of --help. */
    public static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        List<OptionSpec> options = new ArrayList<>(commandLine(new BeaconOptions(), Map.of()).getCommandSpec().options());
        options.sort(Comparator.comparingInt(OptionSpec::order));
        for (OptionSpec s : options) {
            if (s.longestName().equals("--help") || s.longestName().equals("--version")) {
                continue;
            }
            out.put(s.longestName().substring(2), s.defaultValue() == null ? "" : s.defaultValue());
        }
        return out;
    }

    private static CommandLine commandLine(BeaconOptions o, Map<String, String> env) {
        CommandLine cl = new CommandLine(o);
        cl.setDefaultValueProvider(arg -> {
            if (arg instanceof OptionSpec s) {
                String v = env.get(envName(s.longestName()));
                if (v != null) {
                    return v;
                }
            }
            return arg.defaultValue();
        });
        cl.setTrimQuotes(false);
        cl.setOverwrittenOptionsAllowed(true); // the last one wins, as with most command lines
        return cl;
    }

    static String envName(String option) {
        return "BEACON_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** picocli's exception as one line of ours: the option (and where its value came from), the value, what is accepted. */
    private static Invalid invalid(CommandLine.ParameterException e, String[] args, Map<String, String> env) {
        ArgSpec spec = e.getArgSpec();
        if (spec instanceof OptionSpec s && e.getCause() instanceof TypeConversionException t) {
            String name = s.longestName();
            boolean onCommandLine = Arrays.stream(args).anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
            String where = !onCommandLine && env.containsKey(envName(name)) ? name + " (from " + envName(name) + ")" : name;
            return new Invalid(where, e.getValue(), t.getMessage());
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            return new Invalid("unknown option or value " + u.getUnmatched().stream().map(a -> "\"" + a + "\"")
                    .reduce((a, b) -> a + ", " + b).orElse("") + "; see --help for the options");
        }
        return new Invalid(e.getMessage() + "; see --help");
    }

    // ---- typed values

    public Listen listen() {
        return listen;
    }

    public String host() {
        return listen.host();
    }

    public int port() {
        return listen.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The --db URL, empty for the embedded database. */
    public String db() {
        return db;
    }

    public boolean embedded() {
        return db.isEmpty();
    }

    /** Null when not given. */
    public String dbUser() {
        return dbUser.isEmpty() ? null : dbUser;
    }

    /** Null when not given. */
    public String dbPassword() {
        return dbPassword.isEmpty() ? null : dbPassword;
    }

    public int dbPool() {
        return dbPool;
    }

    public Duration dbTimeout() {
        return dbTimeout;
    }

    /** The releases file as given; null when not given (then data-dir/releases.json, which may be absent). */
    public Path releases() {
        return releases;
    }

    public Path geoAsn() {
        return geoAsn;
    }

    public Path geoCountry() {
        return geoCountry;
    }

    public Path awsRanges() {
        return awsRanges;
    }

    public Path gcpRanges() {
        return gcpRanges;
    }

    public List<String> trustedProxies() {
        List<String> out = new ArrayList<>();
        for (String s : trustedProxies.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    public int rateLimit() {
        return rateLimit;
    }

    /**
     * At least 7 days: a run whose stored counts retention removed is counted afresh when it reports
     * again, so the retention must be longer than any report interval.
     */
    public Duration retention() {
        return retention;
    }

    public String adminToken() {
        return adminToken;
    }

    /** Ingest threads, each with a transaction in flight (see docs/beacon.md, "What is stored"). */
    public int ingestThreads() {
        return ingestThreads;
    }

    public Duration foldInterval() {
        return foldInterval;
    }

    public String jdbcUrl() {
        if (!db.isEmpty()) {
            return db;
        }
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("beacon") + ";DB_CLOSE_ON_EXIT=FALSE"
                // a report runs about a dozen distinct statements; H2's default cache of 8 parsed ones would miss
                + ";QUERY_CACHE_SIZE=64";
    }

    // ---- converters: each refuses a value with what is accepted; the option and the value are added by invalid()

    static final class ListenConverter implements ITypeConverter<Listen> {
        private static final String ACCEPTED = "HOST:PORT with a port from 0 to 65535, such as 127.0.0.1:8080 or [::1]:8080";

        @Override
        public Listen convert(String v) {
            int colon = v.lastIndexOf(':');
            if (colon <= 0) {
                throw new TypeConversionException(ACCEPTED);
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException(ACCEPTED);
            }
            if (port < 0 || port > 65535 || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new TypeConversionException(ACCEPTED);
            }
            return new Listen(host, port);
        }
    }

    static final class PathConverter implements ITypeConverter<Path> {
        @Override
        public Path convert(String v) {
            if (v.isBlank()) {
                throw new TypeConversionException("a file or directory name");
            }
            try {
                return Paths.get(v);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("a file or directory name (" + e.getReason() + ")");
            }
        }
    }

    static final class JdbcUrlConverter implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            if (v.isEmpty() || v.startsWith("jdbc:postgresql:") || v.startsWith("jdbc:h2:")) {
                return v;
            }
            throw new TypeConversionException("empty (the embedded database), or a JDBC URL such as jdbc:postgresql://host:5432/beacon");
        }
    }

    static final class ProxiesConverter implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            for (String s : v.split(",")) {
                String entry = s.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                try {
                    new ClientAddress(List.of(entry));
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("comma-separated IP addresses or CIDR networks, such as 10.0.0.0/8,::1"
                            + " (\"" + entry + "\" is neither)");
                }
            }
            return v;
        }
    }

    private static long wholeNumber(String v, String accepted) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException(accepted);
        }
    }

    /** A whole number from {@code min} to {@code max}; {@code accepted} says so in the error line. */
    private abstract static class WholeNumberConverter implements ITypeConverter<Integer> {
        private final int min;
        private final int max;
        private final String accepted;

        WholeNumberConverter(int min, int max, String accepted) {
            this.min = min;
            this.max = max;
            this.accepted = accepted;
        }

        @Override
        public Integer convert(String v) {
            long n = wholeNumber(v, accepted);
            if (n < min || n > max) {
                throw new TypeConversionException(accepted);
            }
            return (int) n;
        }
    }

    static final class RateConverter extends WholeNumberConverter {
        RateConverter() {
            super(0, 1_000_000, "a whole number from 0 to 1000000 (0: no limit)");
        }
    }

    static final class IngestThreadsConverter extends WholeNumberConverter {
        IngestThreadsConverter() {
            super(1, 16, "a whole number from 1 to 16");
        }
    }

    static final class PoolSizeConverter extends WholeNumberConverter {
        PoolSizeConverter() {
            super(1, 1000, "a whole number from 1 to 1000");
        }
    }

    private static Duration between(String v, Duration min, Duration max, String accepted) {
        Duration d = DurationText.parse(v); // the agent's spelling of a duration
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new TypeConversionException(accepted);
        }
        return d;
    }

    static final class TimeoutConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            return between(v, Duration.ofMillis(250), Duration.ofMinutes(10), "a duration from 250ms to 10m, such as 10s or 500ms");
        }
    }

    static final class FoldIntervalConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            return between(v, Duration.ofMillis(10), Duration.ofHours(1), "a duration from 10ms to 1h, such as 1s or 200ms");
        }
    }

    static final class RetentionConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            Duration d = DurationText.parse(v); // the agent's spelling of a duration
            if (d == null || v.trim().endsWith("ms") || v.trim().endsWith("s")) {
                throw new TypeConversionException("a number followed by d, h or m, such as 400d");
            }
            if (d.compareTo(MAX_RETENTION) > 0) {
                throw new TypeConversionException("at most 36500d");
            }
            if (d.compareTo(MIN_RETENTION) < 0) {
                throw new TypeConversionException("at least 7d (runs must outlive the time between their reports)");
            }
            return d;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BeaconOptions.class.getPackage().getImplementationVersion();
            return new String[]{"beacon " + (v == null ? "(development build)" : v)};
        }
    }
}
