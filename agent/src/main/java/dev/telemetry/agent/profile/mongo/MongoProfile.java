package dev.telemetry.agent.profile.mongo;

import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.ClientSurface;
import dev.telemetry.agent.profile.CommandCache;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.ErrorInfo;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.contract.ReportNames;

import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * mongo-java-server ({@code de.bwaldvogel:mongo-java-server}, 1.47.0).
 * <p>
 * Every OP_MSG command reaches {@code AbstractMongoBackend#handleCommand(Channel, String, String,
 * Document)} once, matched by exact class name: {@code ReadOnlyProxy} delegates to the real backend
 * and would count twice. The legacy OP_QUERY path answers {@code ping} and {@code serverStatus} in
 * {@code MongoDatabaseHandler#handleCommand(MongoQuery)} without reaching the backend, so those two
 * are counted there. No Netty or mongo-java-server type is needed at compile time: arguments are
 * bound as Object and read by reflection off the success path.
 */
public final class MongoProfile implements Profile {
    public static final String NAME = "mongo-java-server";
    private static final String BACKEND = MongoTypes.BACKEND;
    private static final String HANDLER = MongoTypes.HANDLER;
    private static final Map<String, String> BACKENDS = MongoTypes.BACKENDS;

    private final Metrics metrics;
    private final CommandCache commands;
    private final ClientSurface surface;
    private volatile boolean active;
    private volatile String backend;
    private volatile String serverVersion;

    public MongoProfile(Metrics metrics, ClientSurface surface) {
        this.metrics = metrics;
        this.surface = surface;
        this.commands = new CommandCache(metrics, new CanonicalName());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Hook> hooks() {
        return Arrays.asList(
                new Hook(BACKEND, "handleCommand", 2, 4, new BackendSite(), 3),
                new Hook(HANDLER, "handleCommand", 0, 1, new OpQuerySite()));
    }

    @Override
    public List<String> watchedTypes() {
        return Arrays.asList(BACKENDS.keySet().toArray(new String[0]));
    }

    @Override
    public void typeSeen(String typeName, ProtectionDomain domain) {
        active = true;
        String b = BACKENDS.get(typeName);
        if (b != null) {
            backend = b;
        }
        if (BACKEND.equals(typeName) && serverVersion == null) {
            serverVersion = jarVersion(domain);
        }
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("backend", backend != null ? backend : ResultKey.UNKNOWN);
        facts.put("server_version", serverVersion != null ? serverVersion : ResultKey.UNKNOWN);
        return facts;
    }

    /** The backend hook: the command argument is the name as the client sent it; the query is the document. */
    /** A command's canonical name, or unknown. Classes, not lambdas: built on the premain thread. */
    private static final class CanonicalName implements java.util.function.Function<Object, String> {
        @Override
        public String apply(Object raw) {
            String canonical = raw instanceof String ? MongoCommandNames.canonical((String) raw) : null;
            return canonical != null ? canonical : ResultKey.UNKNOWN;
        }
    }

    private final class OpQuerySite implements DispatchSite {
        @Override
        public void record(Object query, long nanos, Throwable thrown, Object returned) {
            recordOpQuery(query, nanos, thrown, returned);
        }
    }

    private final class BackendSite implements DispatchSite {
        @Override
        public void record(Object command, long nanos, Throwable thrown, Object returned) {
            CommandCell cell = commands.cell(command);
            if (thrown == null && surface != null) {
                MongoSurfaces.decorate(cell.name(), returned, surface);
            }
            MongoProfile.this.record(cell, nanos, thrown, returned);
        }

        @Override
        public Object override(Object command, Object query) {
            return surface == null ? null : MongoSurfaces.answer(command, query, surface);
        }
    }

    /** The OP_QUERY hook: only ping and serverStatus end here; everything else reaches the backend. */
    private void recordOpQuery(Object query, long nanos, Throwable thrown, Object returned) {
        if (query == null || !"$cmd".equals(ErrorInfo.call(query, "getCollectionName"))) {
            return;
        }
        Object document = ErrorInfo.call(query, "getQuery");
        if (!(document instanceof Map) || ((Map<?, ?>) document).isEmpty()) {
            return;
        }
        Object first = ((Map<?, ?>) document).keySet().iterator().next();
        if ("ping".equals(first) || "serverStatus".equals(first)) {
            CommandCell cell = commands.cell(first);
            if (thrown == null && surface != null) {
                MongoSurfaces.decorate(cell.name(), returned, surface);
            }
            record(cell, nanos, thrown, returned);
        }
    }

    private void record(CommandCell cell, long nanos, Throwable thrown, Object returned) {
        if (thrown != null) {
            ErrorInfo e = MongoErrors.fromThrowable(thrown);
            metrics.recordError(cell, nanos, e.operator, e.name, e.code);
            return;
        }
        if (cell.writeCommand()) {
            ErrorInfo e = MongoErrors.fromReply(returned);
            if (e != null) {
                metrics.recordError(cell, nanos, e.operator, e.name, e.code);
                return;
            }
        }
        metrics.recordOk(cell, nanos);
    }

    private static String jarVersion(ProtectionDomain domain) {
        try {
            if (domain == null || domain.getCodeSource() == null || domain.getCodeSource().getLocation() == null) {
                return null;
            }
            java.io.File file = new java.io.File(domain.getCodeSource().getLocation().toURI());
            if (!file.isFile()) {
                return null;
            }
            try (JarFile jar = new JarFile(file)) {
                String v = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
                if (v == null) {
                    // mongo-java-server's manifest carries no version; its jar name does (mongo-java-server-core-1.47.0.jar)
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d[0-9A-Za-z.]*)\\.jar$").matcher(file.getName());
                    v = m.find() ? m.group(1) : null;
                }
                return ReportNames.isVersion(v) ? v : null; // what a report's app.version may be
            }
        } catch (Exception e) {
            return null;
        }
    }
}
