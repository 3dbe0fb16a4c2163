package dev.telemetry.agent.profile.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.BadValueException;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerNotYetImplementedException;
import de.bwaldvogel.mongo.exception.NoSuchCommandException;
import dev.telemetry.agent.profile.ErrorInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real exception classes of mongo-java-server 1.47.0. */
class MongoErrorsTest {
    private static String describe(ErrorInfo e) {
        return e.name + " " + (e.code == dev.telemetry.agent.metrics.ResultKey.NO_CODE ? "no-code" : String.valueOf(e.code)) + " " + e.operator;
    }

    @Test
    void serverErrorsGiveCodeNameAndOperator() {
        assertThat(describe(MongoErrors.fromThrowable(new BadValueException(
                "unknown top level operator: $where. If you have a field name that starts with a '$' symbol, consider using $getField or $setField."))))
                .isEqualTo("BadValue 2 $where");
        assertThat(describe(MongoErrors.fromThrowable(new MongoServerError(40324, "Unrecognized pipeline stage name: '$setWindowFields'"))))
                .isEqualTo("Location40324 40324 $setWindowFields");
        assertThat(describe(MongoErrors.fromThrowable(new MongoServerError(168, "InvalidPipelineOperator", "Unrecognized expression '$foo'"))))
                .isEqualTo("InvalidPipelineOperator 168 $foo");
        assertThat(describe(MongoErrors.fromThrowable(new BadValueException("unknown operator: $foo"))))
                .isEqualTo("BadValue 2 $foo");
        assertThat(describe(MongoErrors.fromThrowable(new NoSuchCommandException("secret_cmd"))))
                .isEqualTo("CommandNotFound 59 unknown");
    }

    @Test
    void notYetImplementedIsMongosNotImplemented() {
        assertThat(describe(MongoErrors.fromThrowable(new MongoServerNotYetImplementedException(132, "$geoWithin"))))
                .isEqualTo("NotImplemented 238 $geoWithin");
    }

    @Test
    void otherExceptionsByClassName() {
        assertThat(describe(MongoErrors.fromThrowable(new NullPointerException()))).isEqualTo("NullPointerException no-code unknown");
        assertThat(describe(MongoErrors.fromThrowable(new IllegalStateException("Unknown modifier: $bad. Expected ..."))))
                .isEqualTo("IllegalStateException no-code $bad");
    }

    @Test
    void unrecognisedTextsGiveUnknown() {
        assertThat(MongoErrors.operator("something about $where happened")).isEqualTo("unknown");
        assertThat(MongoErrors.operator("unknown operator: $a.b")).isEqualTo("$a"); // the identifier part only
        assertThat(MongoErrors.operator(null)).isEqualTo("unknown");
    }

    @Test
    void writeErrorsInsideAnOkReply() {
        DuplicateKeyError dup = new DuplicateKeyError("items", "E11000 duplicate key error collection: db.items index: _id_ dup key: { _id: 1 }");
        Document writeError = new Document("index", 0).append("code", dup.getCode()).append("codeName", dup.getCodeName())
                .append("errmsg", dup.getMessageWithoutErrorCode());
        Document reply = new Document("n", 0).append("writeErrors", List.of(writeError)).append("ok", 1.0);
        assertThat(describe(MongoErrors.fromReply(reply))).isEqualTo("DuplicateKey 11000 unknown");
        assertThat(MongoErrors.fromReply(new Document("n", 1).append("ok", 1.0))).isNull();
        assertThat(MongoErrors.fromReply(new Document("writeErrors", List.of()))).isNull();
        assertThat(MongoErrors.fromReply("not a map")).isNull();
    }
}
