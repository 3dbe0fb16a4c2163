package dev.telemetry.agent.profile.path;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntNamesTest {
    public static final class OpCode {
        public static final int create = 1;
        public static final int delete = 2;
        public static final int error = -1;
    }

    public enum Code {
        OK(0), NONODE(-101), NODEEXISTS(-110);

        private final int value;

        Code(int value) {
            this.value = value;
        }

        public int intValue() {
            return value;
        }
    }

    public static final class Names {
        public static String opName(int op) {
            return op == 5 ? "setData" : null;
        }

        public static String wrong(String op) {
            return op;
        }
    }

    private final ClassLoader loader = getClass().getClassLoader();
    private final List<String> problems = new ArrayList<>();

    @Test
    void aTableInTheProfile() {
        IntNames n = IntNames.parse("table:550=FileUnavailable;421=ServiceNotAvailable");
        assertThat(n.name(550, loader, problems::add)).isEqualTo("FileUnavailable");
        assertThat(n.name(200, loader, problems::add)).isNull();
    }

    @Test
    void theStaticFinalIntConstantsOfAClass() {
        IntNames n = IntNames.parse("constants:" + OpCode.class.getName());
        assertThat(n.name(2, loader, problems::add)).isEqualTo("delete");
        assertThat(n.name(-1, loader, problems::add)).isEqualTo("error");
        assertThat(problems).isEmpty();
    }

    @Test
    void anEnumWithAnIntGetter() {
        IntNames n = IntNames.parse("enum:" + Code.class.getName() + "#intValue");
        assertThat(n.name(-101, loader, problems::add)).isEqualTo("NONODE");
        assertThat(n.name(-1, loader, problems::add)).isNull();
    }

    @Test
    void aStaticMethodOfTheServerIsAskedOncePerNumber() {
        IntNames n = IntNames.parse("method:" + Names.class.getName() + "#opName");
        assertThat(n.name(5, loader, problems::add)).isEqualTo("setData");
        assertThat(n.name(5, loader, problems::add)).isEqualTo("setData");
        assertThat(n.name(6, loader, problems::add)).isNull();
    }

    @Test
    void aMethodOfTheWrongSignatureIsReportedAndGivesNoNames() {
        IntNames n = IntNames.parse("method:" + Names.class.getName() + "#wrong");
        assertThat(n.name(5, loader, problems::add)).isNull();
        assertThat(problems).singleElement().asString().contains("must be static, take one int and return a String");
    }

    @Test
    void aMissingClassIsReportedOnce() {
        IntNames n = IntNames.parse("constants:com.example.NotThere");
        assertThat(n.name(1, loader, problems::add)).isNull();
        assertThat(n.name(2, loader, problems::add)).isNull();
        assertThat(problems).containsExactly("the class com.example.NotThere is not there");
    }

    public static final class SlowConstants {
        public static final int create;

        static {
            try {
                Thread.sleep(300); // a server class whose initialiser takes a while
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            create = 1;
        }
    }

    @Test
    void aSecondThreadWaitsForTheMappingInsteadOfSeeingItEmpty() throws Exception {
        IntNames n = IntNames.parse("constants:" + SlowConstants.class.getName());
        String[] seen = new String[2];
        Thread a = new Thread(() -> seen[0] = n.name(1, loader, problems::add));
        Thread b = new Thread(() -> seen[1] = n.name(1, loader, problems::add));
        a.start();
        Thread.sleep(50);
        b.start();
        a.join();
        b.join();
        assertThat(seen).containsExactly("create", "create");
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        assertThatThrownBy(() -> IntNames.parse("table:x=y")).hasMessageContaining("is not number=name");
        assertThatThrownBy(() -> IntNames.parse("enum:com.example.Code")).hasMessageContaining("Class#intGetter");
        assertThatThrownBy(() -> IntNames.parse("constants:1abc")).hasMessageContaining("not a class name");
    }
}
