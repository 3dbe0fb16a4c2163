package dev.telemetry.agent.profile.mongo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mongo-java-server classes the built-in profile hooks or watches, by name: the one list, which
 * {@link MongoProfile} hooks and which premain's filter knows before any profile is built.
 */
public final class MongoTypes {
    /** Every OP_MSG command reaches this class's {@code handleCommand}. */
    static final String BACKEND = "de.bwaldvogel.mongo.backend.AbstractMongoBackend";
    /** The legacy OP_QUERY path. */
    static final String HANDLER = "de.bwaldvogel.mongo.wire.MongoDatabaseHandler";
    /** The backends whose loading names the backend in use: class name to the name reported. */
    static final Map<String, String> BACKENDS = new LinkedHashMap<>();

    static {
        BACKENDS.put("de.bwaldvogel.mongo.backend.memory.MemoryBackend", "memory");
        BACKENDS.put("de.bwaldvogel.mongo.backend.h2.H2Backend", "h2");
        BACKENDS.put("de.bwaldvogel.mongo.backend.postgresql.PostgresqlBackend", "postgresql");
    }

    private MongoTypes() {}

    /** The hooked and the watched classes, as internal names ({@code a/b/C}). */
    public static String[] internalNames() {
        String[] out = new String[2 + BACKENDS.size()];
        int i = 0;
        out[i++] = BACKEND.replace('.', '/');
        out[i++] = HANDLER.replace('.', '/');
        for (Map.Entry<String, String> b : BACKENDS.entrySet()) { // not keySet(): its class is not in the JDK's archive
            out[i++] = b.getKey().replace('.', '/');
        }
        return out;
    }
}
