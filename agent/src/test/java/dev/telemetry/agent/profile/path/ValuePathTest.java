package dev.telemetry.agent.profile.path;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuePathTest {
    enum Type { GET, PUT }

    static final class Header {
        private final Type type;
        final int opcode;

        Header(Type type, int opcode) {
            this.type = type;
            this.opcode = opcode;
        }

        Type type() {
            return type;
        }
    }

    public static final class Request {
        private final Header header;
        private final String line;

        Request(Header header, String line) {
            this.header = header;
            this.line = line;
        }

        public Header header() {
            return header;
        }

        public String boom() {
            throw new IllegalStateException("host getter fails");
        }
    }

    @Test
    void aGetterThenAGetterGivesAnEnum() {
        ValuePath p = ValuePath.parse("arg0.header().type()");
        assertThat(p.root()).isEqualTo(ValuePath.Root.ARG);
        assertThat(p.argument()).isZero();
        assertThat(p.readObject(new Request(new Header(Type.PUT, 7), "x"))).isEqualTo(Type.PUT);
    }

    @Test
    void anIntFieldIsReadAsANumberWithoutBoxing() {
        ValuePath p = ValuePath.parse("arg0.header().opcode");
        assertThat(p.readNumber(new Request(new Header(Type.GET, 550), "x"))).isEqualTo(550);
        Object target = p.walk(new Request(new Header(Type.GET, 550), "x"));
        assertThat(p.last(target).numeric()).isTrue();
    }

    @Test
    void aPrivateFieldOfThisIsRead() {
        ValuePath p = ValuePath.parse("this.line");
        assertThat(p.readObject(new Request(null, "RETR secret.txt"))).isEqualTo("RETR secret.txt");
    }

    @Test
    void nullOnTheWayIsNullNotAFailure() {
        assertThat(ValuePath.parse("arg0.header().type()").readObject(new Request(null, "x"))).isNull();
        assertThat(ValuePath.parse("arg0.header().type()").readObject(null)).isNull();
    }

    @Test
    void aMissingGetterFailsAndIsReportedOncePerClass() {
        ValuePath p = ValuePath.parse("arg0.getCommand()");
        List<String> told = new ArrayList<>();
        p.onMissing(told::add);
        assertThat(p.readObject(new Request(null, "x"))).isSameAs(ValuePath.FAILED);
        assertThat(p.readObject(new Request(null, "y"))).isSameAs(ValuePath.FAILED);
        assertThat(p.readNumber(new Request(null, "y"))).isEqualTo(ValuePath.NO_NUMBER);
        assertThat(told).hasSize(1);
        assertThat(told.get(0)).contains("getCommand()").contains(Request.class.getName());
    }

    @Test
    void aGetterThatThrowsFailsQuietly() {
        assertThat(ValuePath.parse("arg0.boom()").readObject(new Request(null, "x"))).isSameAs(ValuePath.FAILED);
    }

    @Test
    void aReplyLinesLeadingDigitsAreItsCode() {
        assertThat(ValuePath.number("550 No such file")).isEqualTo(550);
        assertThat(ValuePath.number("-101")).isEqualTo(-101);
        assertThat(ValuePath.number("OK")).isEqualTo(ValuePath.NO_NUMBER);
        assertThat(ValuePath.number(new Object())).isEqualTo(ValuePath.NO_NUMBER);
        assertThat(ValuePath.number(12)).isEqualTo(12);
    }

    @Test
    void badPathsSayWhatIsAccepted() {
        assertThatThrownBy(() -> ValuePath.parse("argz.x")).hasMessageContaining("accepted roots");
        assertThatThrownBy(() -> ValuePath.parse("arg0.get(1)")).hasMessageContaining("name() for a method");
        assertThatThrownBy(() -> ValuePath.parse("method.length()")).hasMessageContaining("takes no steps");
        assertThatThrownBy(() -> ValuePath.parse("")).hasMessageContaining("empty path");
        assertThatThrownBy(() -> ValuePath.parse("THIS.x")).hasMessageContaining("lower case");
    }
}
