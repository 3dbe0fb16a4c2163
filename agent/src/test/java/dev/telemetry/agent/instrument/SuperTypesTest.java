package dev.telemetry.agent.instrument;

import com.example.fixture.types.Types;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SuperTypesTest {
    static final String BASE = "com/example/fixture/types/Types$Command";

    static byte[] bytes(Class<?> type) throws Exception {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theHeaderNamesTheSuperClassAndInterfaces() throws Exception {
        ClassHeader h = ClassHeader.read(bytes(Types.AbstractCommand.class));
        assertThat(h.superName).isEqualTo("java/lang/Object");
        assertThat(h.interfaces).containsExactly("com/example/fixture/types/Types$SubCommand");
        assertThat(ClassHeader.read(new byte[]{1, 2, 3})).isNull();
    }

    @Test
    void aLeafIsASubtypeThroughParentsNotSeenYet() throws Exception {
        // nothing but the base's name is known: the abstract class and the sub-interface are read as resources
        SuperTypes t = new SuperTypes(BASE);
        ClassLoader loader = getClass().getClassLoader();
        assertThat(t.isSubtype("com/example/fixture/types/Types$Leaf", bytes(Types.Leaf.class), loader)).isTrue();
        assertThat(t.isSubtype("com/example/fixture/types/Types$Unrelated", bytes(Types.Unrelated.class), loader)).isFalse();
        assertThat(t.isSubtype(BASE, bytes(Types.Command.class), loader)).isTrue();
    }

    @Test
    void anUnreadableParentIsNotRememberedAsANo() throws Exception {
        SuperTypes t = new SuperTypes(BASE);
        // a loader that cannot show the parents' class files: unsure, so not a subtype now
        ClassLoader blind = new ClassLoader(null) { };
        assertThat(t.isSubtype("com/example/fixture/types/Types$Leaf", bytes(Types.Leaf.class), blind)).isFalse();
        // and not remembered: with a loader that can, the same class is found
        assertThat(t.isSubtype("com/example/fixture/types/Types$Leaf", bytes(Types.Leaf.class), getClass().getClassLoader())).isTrue();
    }

    @Test
    void loadedClassesAreJudgedByTheirLoadedParents() {
        SuperTypes t = new SuperTypes(BASE);
        assertThat(t.isSubtype(Types.Leaf.class)).isTrue();
        assertThat(t.isSubtype(Types.Unrelated.class)).isFalse();
    }
}
