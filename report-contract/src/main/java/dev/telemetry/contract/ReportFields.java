package dev.telemetry.contract;

/**
 * The report's field names (docs/report-format.md), for its one writer (the agent's ReportWriter)
 * and its one reader (the beacon's ReportParser). Compile-time constants: using one loads nothing.
 */
public final class ReportFields {
    /** The schema version this contract describes. */
    public static final int CURRENT_SCHEMA = 1;

    public static final String SCHEMA_VERSION = "schema_version";
    public static final String UUID = "uuid";
    public static final String RUN_ID = "run_id";
    public static final String SEQUENCE = "sequence";
    public static final String APP = "app";
    public static final String AGENT = "agent";
    public static final String RUNTIME = "runtime";
    public static final String UPTIME_S = "uptime_s";
    public static final String TELEMETRY = "telemetry";
    public static final String COMMANDS = "commands";
    public static final String RESULTS = "results";
    public static final String DROPPED = "dropped";

    private ReportFields() {}

    /** Inside {@code app}. */
    public static final class App {
        public static final String NAME = "name";
        public static final String VERSION = "version";
        public static final String BACKEND = "backend";
        public static final String INSTALLATION_TYPE = "installation_type";
        public static final String BUILD_TAGS = "build_tags";

        private App() {}
    }

    /** Inside {@code agent}. */
    public static final class Agent {
        public static final String VERSION = "version";
        public static final String PROFILE = "profile";

        private Agent() {}
    }

    /** Inside {@code runtime}. */
    public static final class Runtime {
        public static final String JAVA_VERSION = "java_version";
        public static final String JAVA_VENDOR = "java_vendor";
        public static final String OS = "os";
        public static final String ARCH = "arch";

        private Runtime() {}
    }

    /** Inside each entry of {@code commands} (keyed by the command's name). */
    public static final class Command {
        public static final String COUNT = "count";
        public static final String FAILURES = "failures";
        public static final String TOTAL_US = "total_us";
        public static final String HISTOGRAM = "histogram";

        private Command() {}
    }

    /** Inside each entry of {@code results}. */
    public static final class Result {
        public static final String COMMAND = "command";
        public static final String OPERATOR = "operator";
        public static final String RESULT = "result";
        public static final String CODE = "code";
        public static final String COUNT = "count";

        private Result() {}
    }

    /** Inside {@code dropped}. */
    public static final class Dropped {
        public static final String COMMANDS = "commands";
        public static final String RESULTS = "results";
        public static final String OMITTED_COMMANDS = "omitted_commands";
        public static final String OMITTED_RESULTS = "omitted_results";

        private Dropped() {}
    }
}
