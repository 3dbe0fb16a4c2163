package dev.telemetry.agent.profile.mongo;

import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.ErrorInfo;
import dev.telemetry.agent.profile.Names;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error code, code name and operator from mongo-java-server's exceptions and replies (version
 * 1.47.0). Operators come from the message texts of that version; an unrecognised text gives
 * {@code unknown}. Runs on the error path only, where allocation is allowed.
 */
final class MongoErrors {
    static final String SERVER_ERROR = "de.bwaldvogel.mongo.exception.MongoServerError";
    static final String NOT_IMPLEMENTED = "de.bwaldvogel.mongo.exception.MongoServerNotYetImplementedException";
    /** MongoDB's code for NotImplemented. */
    static final int NOT_IMPLEMENTED_CODE = 238;

    private static final Pattern[] OPERATOR_TEXTS = {
        Pattern.compile("unknown top level operator: (\\$[A-Za-z0-9_]+)"),
        Pattern.compile("unknown operator: (\\$[A-Za-z0-9_]+)"),
        Pattern.compile("Unrecognized pipeline stage name: '(\\$[A-Za-z0-9_]+)'"),
        Pattern.compile("Unrecognized expression '(\\$[A-Za-z0-9_]+)'"),
        Pattern.compile("^(\\$[A-Za-z0-9_]+) is not yet implemented"),
        Pattern.compile("Unknown modifier: (\\$[A-Za-z0-9_]+)"),
    };

    private MongoErrors() {}

    static ErrorInfo fromThrowable(Throwable thrown) {
        String message = ErrorInfo.message(thrown);
        if (hasType(thrown.getClass(), NOT_IMPLEMENTED)) {
            return new ErrorInfo("NotImplemented", NOT_IMPLEMENTED_CODE, operator(message));
        }
        if (hasType(thrown.getClass(), SERVER_ERROR)) {
            Object code = ErrorInfo.call(thrown, "getCode");
            Object codeName = ErrorInfo.call(thrown, "getCodeName");
            Object text = ErrorInfo.call(thrown, "getMessageWithoutErrorCode");
            return new ErrorInfo(Names.errorName(codeName instanceof String ? (String) codeName : null, thrown),
                    code instanceof Number ? ((Number) code).intValue() : ResultKey.NO_CODE,
                    operator(text instanceof String ? (String) text : message));
        }
        return new ErrorInfo(Names.errorName(null, thrown), ResultKey.NO_CODE, operator(message));
    }

    /**
     * Insert, update and delete report per-document failures inside an {@code ok: 1} reply as
     * {@code writeErrors}; the first one stands for the dispatch. Null when there is none.
     */
    static ErrorInfo fromReply(Object returned) {
        if (!(returned instanceof Map)) {
            return null;
        }
        Object writeErrors = ((Map<?, ?>) returned).get("writeErrors");
        if (!(writeErrors instanceof List) || ((List<?>) writeErrors).isEmpty()) {
            return null;
        }
        Object first = ((List<?>) writeErrors).get(0);
        if (!(first instanceof Map)) {
            return new ErrorInfo(ResultKey.UNKNOWN, ResultKey.NO_CODE, null);
        }
        Map<?, ?> error = (Map<?, ?>) first;
        Object code = error.get("code");
        Object codeName = error.get("codeName");
        Object errmsg = error.get("errmsg");
        String name = codeName instanceof String ? Names.identifier((String) codeName) : ResultKey.UNKNOWN;
        return new ErrorInfo(name, code instanceof Number ? ((Number) code).intValue() : ResultKey.NO_CODE,
                errmsg instanceof String ? operator((String) errmsg) : null);
    }

    static String operator(String message) {
        if (message == null) {
            return ResultKey.UNKNOWN;
        }
        for (Pattern p : OPERATOR_TEXTS) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                return Names.mongoOperator(m.group(1));
            }
        }
        return ResultKey.UNKNOWN;
    }

    private static boolean hasType(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
