package dev.telemetry.agent.profile.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileFilesTest {
    private static final String GOOD = String.join("\n",
            "# a profile",
            "name = ftp",
            "marker = org.example.FtpServer",
            "hook.commands.target = org.example.Command+#execute",
            "hook.commands.command = class",
            "hook.commands.command-case = upper",
            "hook.commands.vocabulary = USER;PASS;RETR",
            "hook.commands.reply = org.example.Session+#write",
            "hook.commands.reply-code = arg0.getCode()",
            "hook.commands.fail-when = >= 400",
            "hook.commands.error-names = table:550=FileUnavailable",
            "hook.lines.target = org.example.Handler#onLine",
            "hook.lines.command = arg0",
            "hook.lines.command-regex = ^\\s*(\\S+)",
            "");

    @Test
    void aGoodFileGivesItsHooks() {
        ProfileSpec p = ProfileFiles.parse(GOOD, "profile file ftp.profile", null);
        assertThat(p.problems).isEmpty();
        assertThat(p.name).isEqualTo("ftp");
        assertThat(p.marker).isEqualTo("org.example.FtpServer");
        assertThat(p.hooks).extracting(h -> h.id).containsExactly("commands", "lines");
        HookSpec h = p.hooks.get(0);
        assertThat(h.target.match).isEqualTo(TargetPattern.TypeMatch.SUBTYPES);
        assertThat(h.reply.typeName).isEqualTo("org.example.Session");
        assertThat(h.failWhen.fails(550)).isTrue();
        assertThat(h.needsFrame()).isTrue();
        // the regex is taken literally: no properties-style escapes
        assertThat(p.hooks.get(1).commandRegex.pattern()).isEqualTo("^\\s*(\\S+)");
    }

    @Test
    void anUnknownKeyLeavesOutOnlyItsHook() {
        ProfileSpec p = ProfileFiles.parse(GOOD + "hook.lines.comand = arg1\n", "profile file ftp.profile", null);
        assertThat(p.hooks).extracting(h -> h.id).containsExactly("commands");
        assertThat(p.problems).singleElement().asString()
                .contains("profile file ftp.profile, hook.lines").contains("unknown key comand").contains("accepted: target");
    }

    @Test
    void aPathThatDoesNotParseNamesFileKeyAndValue() {
        ProfileSpec p = ProfileFiles.parse(GOOD.replace("reply-code = arg0.getCode()", "reply-code = arg0.getCode(1)"),
                "profile file ftp.profile", null);
        assertThat(p.hooks).extracting(h -> h.id).containsExactly("lines");
        assertThat(p.problems).singleElement().asString()
                .contains("profile file ftp.profile, hook.commands").contains("reply-code=arg0.getCode(1)");
    }

    @Test
    void anUnknownTopLevelKeyIsNamedWithItsLine() {
        ProfileSpec p = ProfileFiles.parse(GOOD + "vendor = acme\n", "profile file ftp.profile", null);
        assertThat(p.hooks).hasSize(2);
        assertThat(p.problems).singleElement().asString().contains("line 15").contains("unknown key vendor");
    }

    @Test
    void aFileWithoutANameIsLeftOut() {
        ProfileSpec p = ProfileFiles.parse("hook.a.target = a.B#c\n", "profile file x.profile", null);
        assertThat(p.hooks).isEmpty();
        assertThat(p.problems).anyMatch(s -> s.contains("no name = ... line"));
    }

    @Test
    void aVocabularyFileIsReadNextToTheProfile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("commands.txt"), "# FTP\nUSER\nPASS\n");
        Path profile = dir.resolve("ftp.profile");
        Files.writeString(profile, "name = ftp\nhook.c.target = a.B#c\nhook.c.vocabulary = file:commands.txt\n");
        List<String> problems = new ArrayList<>();
        ProfileSpec p = ProfileFiles.file(profile, problems);
        assertThat(problems).isEmpty();
        assertThat(p.problems).isEmpty();
        assertThat(p.hooks.get(0).vocabulary.contains("PASS", null, s -> { })).isTrue();
        assertThat(p.hooks.get(0).vocabulary.contains("RETR", null, s -> { })).isFalse();
    }

    @Test
    void aMissingFileIsOneLine(@TempDir Path dir) {
        List<String> problems = new ArrayList<>();
        assertThat(ProfileFiles.file(dir.resolve("nope.profile"), problems)).isNull();
        assertThat(problems).singleElement().asString().contains("nope.profile").contains("cannot read it");
    }

    @Test
    void commandReadAtExitIsRefused() {
        ProfileSpec p = ProfileFiles.parse("name = x\nhook.a.target = a.B#c\nhook.a.command = return.getName()\n", "f", null);
        assertThat(p.hooks).isEmpty();
        assertThat(p.problems).singleElement().asString().contains("command=return.getName()").contains("accepted roots");
    }

    @Test
    void theLanguageIsDocumentedKeyByKey() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "profiles.md"));
        for (String key : HookSpec.KEYS.keySet()) {
            assertThat(doc).as("docs/profiles.md documents hook key %s", key).contains("| `" + key + "` |");
        }
    }
}
