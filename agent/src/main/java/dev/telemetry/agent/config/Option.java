package dev.telemetry.agent.config;

import java.util.Locale;

/**
 * Every option the agent knows. One list, so the parser, the CLI's help and the table in docs/agent.md
 * (held to it by a test) cannot drift apart.
 */
public enum Option {
    TELEMETRY("telemetry", "", Kind.STATE_WORD,
            "enable, disable or undecided (empty); see the state rules", "telemetry=disable"),
    CONFIG("config", "", Kind.TEXT,
            "a properties file with more options (same keys)", "config=/etc/myapp/telemetry.properties"),
    APP_NAME("app-name", "", Kind.NAME,
            "the application's name; derived from the main jar or class when empty", "app-name=mydb"),
    STATE_DIR("state-dir", "", Kind.TEXT,
            "directory holding state.json; a per-user, per-application default when empty", "state-dir=/var/lib/mydb/telemetry"),
    UNDECIDED_DELAY("undecided-delay", "1h", Kind.DURATION,
            "while undecided, how long after start a first report may be sent", "undecided-delay=30m"),
    URL("url", "", Kind.URL,
            "where reports are sent (HTTPS, or HTTP to a loopback address); with none, reports are only written locally (as dry-run)", "url=https://telemetry.example.com/v1/report"),
    REPORT_INTERVAL("report-interval", "24h", Kind.DURATION,
            "time between reports", "report-interval=12h"),
    REPORT_TIMEOUT("report-timeout", "3s", Kind.DURATION,
            "longest a report may take, connection included; also bounds the final report at shutdown", "report-timeout=5s"),
    DRY_RUN("dry-run", "false", Kind.BOOLEAN,
            "write and log every report, never send it", "dry-run=true"),
    ALLOW_INSECURE("allow-insecure", "false", Kind.BOOLEAN,
            "allow a plain-HTTP url to a non-loopback host", "allow-insecure=true"),
    APP_VERSION("app-version", "", Kind.NAME,
            "the application's version; read from the main jar's manifest (Implementation-Version) when empty", "app-version=2.3.1"),
    PACKAGE("package", "", Kind.PACKAGE,
            "installation type: docker, package, self-built or unknown; detected when empty (see docs/report-format.md)", "package=docker"),
    BUILD_TAGS("build-tags", "", Kind.TEXT,
            "build tags separated by ';'; read from the main jar's manifest (Build-Tags) when empty", "build-tags=enterprise;fips"),
    LOG_LEVEL("log-level", "info", Kind.LOG_LEVEL,
            "debug, info, warn or off: what the agent prints to stderr", "log-level=warn"),
    START_DELAY("start-delay", "2s", Kind.DURATION,
            "after -javaagent start, how long the agent waits before it reads its state, registers JMX and starts reporting, so the host starts and sets up its own logging first", "start-delay=10s"),
    PROFILE("profile", "auto", Kind.PROFILE,
            "auto, mongo-java-server, generic, none, or the name of a profile file's profile: which dispatch methods to time", "profile=generic"),
    PROFILE_FILE("profile-file", "", Kind.TEXT,
            "profile files to use besides those in the agent jar, separated by ';' (see docs/profiles.md)", "profile-file=/etc/mydb/mydb.profile"),
    PROFILE_DIR("profile-dir", "", Kind.TEXT,
            "a directory whose *.profile files are used besides those in the agent jar", "profile-dir=/etc/mydb/profiles"),
    EXTENSION("extension", "", Kind.TEXT,
            "extension jars (the Java API in docs/profiles.md) separated by ';'", "extension=/opt/mydb/telemetry-ext.jar"),
    CLASS_CACHE("class-cache", "true", Kind.BOOLEAN,
            "keep instrumented classes in the state directory (classes/), so later starts skip the instrumentation library", "class-cache=false"),
    HOOK_CHECK_DELAY("hook-check-delay", "60s", Kind.DURATION,
            "after start, when a warning names every hooked class that has not loaded", "hook-check-delay=5m"),
    DISPATCH("dispatch", "", Kind.TEXT,
            "generic profile: Class#method targets separated by ';' (a '*' in the method name matches a family)", "dispatch=com.example.Server#handle*"),
    COMMAND("command", "arg0", Kind.COMMAND_SOURCE,
            "generic profile: a path to the command: argN (a String, an enum or a Map's first key), method (the method's own name), or steps such as arg1.getCommand()", "command=arg0.header().type()"),
    VOCABULARY("vocabulary", "", Kind.TEXT,
            "generic profile: the only commands recorded by name, separated by ';' (others are unknown)", "vocabulary=get;put;delete"),
    ERROR_CODE_GETTERS("error-code-getters", "getCode;getErrorCode", Kind.TEXT,
            "generic profile: getters tried on a thrown exception for its numeric code, or paths such as thrown.getStatus().code", "error-code-getters=getStatus"),
    ERROR_NAME_GETTERS("error-name-getters", "getCodeName;getErrorName", Kind.TEXT,
            "generic profile: getters tried on a thrown exception for its code name, or paths", "error-name-getters=getReason"),
    OPERATOR_REGEX("operator-regex", "", Kind.REGEX,
            "generic profile: a regex with one group that finds the operator in an exception message", "operator-regex=unknown operator: (\\w+)"),
    MAX_COMMANDS("max-commands", "256", Kind.POSITIVE_INT,
            "cap on distinct command names; more are counted under 'other'", "max-commands=100"),
    MAX_RESULTS("max-results", "1024", Kind.POSITIVE_INT,
            "cap on distinct (command, operator, result) combinations; more are counted under 'other'", "max-results=500");

    /** How a value is checked. */
    public enum Kind { TEXT, NAME, STATE_WORD, DURATION, LOG_LEVEL, PROFILE, COMMAND_SOURCE, REGEX, POSITIVE_INT, BOOLEAN, URL, PACKAGE }

    private final String key;
    private final String defaultValue;
    private final Kind kind;
    private final String description;
    private final String example;

    Option(String key, String defaultValue, Kind kind, String description, String example) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.description = description;
        this.example = example;
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public Kind kind() { return kind; }
    public String description() { return description; }
    public String example() { return example; }

    /** {@code -Dtelemetry.<key>} */
    public String systemProperty() { return "telemetry." + key; }

    /** What every option's environment variable starts with. */
    public static final String ENVIRONMENT_PREFIX = "TELEMETRY_";

    /** {@code TELEMETRY_<KEY>}, dashes become underscores. */
    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public static Option byKey(String key) {
        for (Option o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
