package dev.telemetry.agent.profile.mongo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MongoDB's documented database command vocabulary (the "Database Commands" reference, including
 * removed and deprecated commands that older drivers still send).
 *
 * <p>Why this exists: the first key of a command document is chosen by the client, so it can carry
 * arbitrary (possibly sensitive) text. For privacy, only names from this fixed vocabulary may reach
 * a report; anything else is dropped. Membership is about the documented name only, whether or not
 * the server being profiled actually implements the command.
 */
public final class MongoCommandNames {

    /** Canonical spellings, grouped as in the reference. Earlier entries win on case-insensitive collisions. */
    private static final String[] NAMES = {
        // Aggregation
        "aggregate", "count", "distinct", "mapReduce", "group",
        // Geospatial
        "geoSearch", "geoNear",
        // Query and write operations
        "bulkWrite", "delete", "find", "findAndModify", "getMore", "insert", "update",
        "getLastError", "getPrevError", "resetError", "eval", "parallelCollectionScan",
        // Query plan cache
        "planCacheClear", "planCacheClearFilters", "planCacheListFilters", "planCacheSetFilter",
        "planCacheListPlans", "planCacheListQueryShapes",
        // Query settings
        "setQuerySettings", "removeQuerySettings",
        // Authentication
        "authenticate", "getnonce", "logout", "saslStart", "saslContinue", "copydbgetnonce",
        // User management
        "createUser", "dropAllUsersFromDatabase", "dropUser", "grantRolesToUser", "revokeRolesFromUser",
        "updateUser", "usersInfo",
        // Role management
        "createRole", "dropRole", "dropAllRolesFromDatabase", "grantPrivilegesToRole", "grantRolesToRole",
        "invalidateUserCache", "revokePrivilegesFromRole", "revokeRolesFromRole", "rolesInfo", "updateRole",
        "authSchemaUpgrade",
        // Replication
        "appendOplogNote", "applyOps", "hello", "isMaster", "replSetAbortPrimaryCatchUp", "replSetFreeze",
        "replSetGetConfig", "replSetGetStatus", "replSetInitiate", "replSetMaintenance", "replSetReconfig",
        "replSetResizeOplog", "replSetStepDown", "replSetSyncFrom", "resync",
        "replSetElect", "replSetFresh", "replSetGetRBID", "replSetHeartbeat",
        // Sharding
        "abortMoveCollection", "abortReshardCollection", "abortUnshardCollection", "addShard", "addShardToZone",
        "analyzeShardKey", "balancerCollectionStatus", "balancerStart", "balancerStatus", "balancerStop",
        "checkMetadataConsistency", "checkShardingIndex", "cleanupOrphaned", "cleanupReshardCollection",
        "clearJumboFlag", "commitReshardCollection", "configureCollectionBalancing", "configureQueryAnalyzer",
        "enableSharding", "flushRouterConfig", "getShardMap", "getShardVersion", "isdbgrid", "listShards",
        "medianKey", "mergeAllChunksOnShard", "mergeChunks", "moveChunk", "moveCollection", "movePrimary",
        "moveRange", "refineCollectionShardKey", "removeShard", "removeShardFromZone", "reshardCollection",
        "resetPlacementHistory", "setAllowMigrations", "setShardVersion", "shardCollection", "shardingState",
        "split", "splitChunk", "splitVector", "transitionFromDedicatedConfigServer",
        "transitionToDedicatedConfigServer", "unsetSharding", "unshardCollection", "updateZoneKeyRange",
        "writebacklisten", "writeBacksQueued",
        // Sessions and transactions
        "abortTransaction", "commitTransaction", "endSessions", "killAllSessions", "killAllSessionsByPattern",
        "killSessions", "refreshSessions", "startSession",
        // Administration
        "autoCompact", "clean", "clone", "cloneCollection", "cloneCollectionAsCapped", "closeAllDatabases",
        "collMod", "compact", "compactStructuredEncryptionData", "cleanupStructuredEncryptionData",
        "connPoolSync", "convertToCapped", "copydb", "create", "createIndexes", "currentOp", "drop",
        "dropDatabase", "dropConnections", "dropIndexes", "filemd5", "fsync", "fsyncUnlock",
        "getDefaultRWConcern", "getClusterParameter", "getParameter", "killCursors", "killOp",
        "listCollections", "listDatabases", "listIndexes", "logRotate", "reIndex", "renameCollection",
        "repairDatabase", "rotateCertificates", "setFeatureCompatibilityVersion", "setIndexCommitQuorum",
        "setClusterParameter", "setParameter", "setDefaultRWConcern", "setUserWriteBlockMode", "shutdown",
        "touch", "validateDBMetadata",
        // Diagnostics
        "availableQueryOptions", "buildInfo", "collStats", "connPoolStats", "connectionStatus", "cursorInfo",
        "dataSize", "dbHash", "dbStats", "diagLogging", "driverOIDTest", "explain", "features",
        "getCmdLineOpts", "getLog", "hostInfo", "isSelf", "listCommands", "lockInfo", "netstat", "ping",
        "profile", "serverStatus", "shardConnPoolStats", "top", "validate", "whatsmyuri",
        // Auditing
        "getAuditConfig", "logApplicationMessage", "setAuditConfig",
        // Free monitoring
        "getFreeMonitoringStatus", "setFreeMonitoring",
        // Atlas Search index management
        "createSearchIndexes", "dropSearchIndex", "updateSearchIndex",
        // Testing commands documented in the reference
        "configureFailPoint", "captrunc", "emptycapped",
    };

    private static final Map<String, String> BY_LOWER;
    private static final int MAX_LENGTH;

    static {
        Map<String, String> map = new HashMap<>(NAMES.length * 2);
        int max = 0;
        for (String name : NAMES) {
            map.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            max = Math.max(max, name.length());
        }
        BY_LOWER = map;
        MAX_LENGTH = max;
    }

    private MongoCommandNames() {
    }

    /**
     * Returns MongoDB's canonical spelling of {@code name} when it matches a documented command
     * case-insensitively, else null. Never throws; null input gives null. Does not allocate for
     * names longer than the longest known command, nor for names with characters no command uses.
     */
    public static String canonical(String name) {
        if (name == null) {
            return null;
        }
        int len = name.length();
        if (len == 0 || len > MAX_LENGTH) {
            return null;
        }
        // ASCII letters, digits and '_' only: rejects whitespace, '$', '.', and non-ASCII characters
        // whose Locale.ROOT lower-case form would be ASCII (e.g. KELVIN SIGN -> 'k').
        for (int i = 0; i < len; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return null;
            }
        }
        return BY_LOWER.get(name.toLowerCase(Locale.ROOT));
    }

    /** Number of known commands. */
    public static int size() {
        return BY_LOWER.size();
    }
}
