package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A profile file with one good hook and one of each mistake, plus extensions that cannot load: every
 * mistake is one line naming the file, the key and the value; the good hook counts exactly; the host
 * runs unchanged.
 */
class ProfileFileIT {
    static final String PROFILE = String.join("\n",
            "name = fixture",
            "marker = com.example.fixture.RouterServer",
            "# good: the router's commands, only these words",
            "hook.router.target = com.example.fixture.RouterServer#handle",
            "hook.router.vocabulary = get;put;fail",
            "hook.router.operator-regex = unknown operator: (\\w+)",
            "hook.router.error-code = thrown.getCode()",
            "hook.router.error-name = thrown.getCodeName()",
            "# a getter the runtime class does not have",
            "hook.nogetter.target = com.example.fixture.PerMethodServer#opPut",
            "hook.nogetter.command = arg0.getNope()",
            "# a mapping method of the wrong signature",
            "hook.badmapping.target = com.example.fixture.PerMethodServer#opGet",
            "hook.badmapping.command-names = method:com.example.fixture.PerMethodServer#opScan",
            "# a class that never loads",
            "hook.neverloads.target = com.example.fixture.NeverLoaded#run",
            "# an unknown key",
            "hook.typo.target = com.example.fixture.PerMethodServer#opScan",
            "hook.typo.comand = method",
            "# a path that does not parse",
            "hook.badpath.target = com.example.fixture.PerMethodServer#opFail",
            "hook.badpath.command = arg0.(",
            "# a path reading an argument the method does not have",
            "hook.fewparams.target = com.example.fixture.PerMethodServer#opScan",
            "hook.fewparams.command = arg1",
            "# an interface's method without +",
            "hook.iface.target = com.example.fixture.RouterApi#handle",
            "");

    /** What GenericHost's router does, as the router hook (vocabulary get, put, fail) counts it. */
    private static final Map<String, Long> ROUTER_RESULTS = Map.of(
            "get unknown ok null", 3L,
            "put unknown ok null", 2L,
            "unknown unknown ok null", 2L,    // not in the vocabulary
            "fail frob Boom 42", 1L,
            "unknown unknown BrokenException null", 1L,
            "unknown unknown IllegalStateException null", 1L);

    @Test
    void everyMistakeIsOneLineAndTheGoodHookCountsExactly() throws Exception {
        Path dir = ForkedJvm.freshDir("profile-file");
        Path profile = dir.resolve("fixture.profile");
        Files.writeString(profile, PROFILE);
        Path corrupt = dir.resolve("corrupt.jar");
        Files.writeString(corrupt, "not a jar at all");
        Path throwing = throwingExtensionJar(dir);
        Path missing = dir.resolve("missing.jar");
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("router")
                .agentOptions("telemetry=enable,start-delay=0ms,hook-check-delay=1s,state-dir=" + dir.resolve("state")
                        + ",profile-file=" + profile + ",extension=" + missing + ";" + corrupt + ";" + throwing)
                .start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsExactlyInAnyOrderEntriesOf(ROUTER_RESULTS);
            assertThat(m.json.toString()).doesNotContain("secret");

            // a host thread never prints: the hook watch does, within a second or so
            waitFor(jvm, l -> l.contains("no class it names has loaded"), 20_000);
            List<String> warnings = jvm.agentLines();
            String file = "profile file " + profile;
            assertThat(warnings).anyMatch(l -> l.contains(file + ", hook.typo") && l.contains("unknown key comand"));
            assertThat(warnings).anyMatch(l -> l.contains(file + ", hook.badpath") && l.contains("command=arg0.("));
            assertThat(warnings).anyMatch(l -> l.contains("extension=" + missing) && l.contains("no such file"));
            assertThat(warnings).anyMatch(l -> l.contains("extension=" + corrupt) && l.contains("not a readable jar"));
            assertThat(warnings).anyMatch(l -> l.contains("com.example.fixture.ThrowingExtension") && l.contains("failed at start")
                    && l.contains("extension broke at start"));
            assertThat(warnings).anyMatch(l -> l.contains("fixture/neverloads") && l.contains("no class it names has loaded"));
            assertThat(warnings).anyMatch(l -> l.contains(file + ", hook.fewparams") && l.contains("opScan takes 0 parameter(s), and the hook reads arg1"));
            assertThat(warnings).anyMatch(l -> l.contains(file + ", hook.iface") && l.contains("com.example.fixture.RouterApi+#handle"));

            // the CLI's status names the profile, why it was chosen, and every hook
            ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
            assertThat(status.exit).isZero();
            assertThat(status.out).contains("profile:          fixture")
                    .contains("chosen because:   " + file + "; its marker class com.example.fixture.RouterServer loaded")
                    .contains("fixture/router (com.example.fixture.RouterServer#handle)")
                    .contains("calls: 10, failed 3, unknown 4 (not in the vocabulary 4)")
                    .contains("commands: fail, get, put")
                    .doesNotContain("secret");
            assertThat(status.out).contains("fixture/neverloads").contains("(no class loaded yet)");
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
        }
    }

    @Test
    void aGetterMissingAndAMappingOfTheWrongSignatureAreNamedOnFirstUse() throws Exception {
        Path dir = ForkedJvm.freshDir("profile-file-runtime");
        Path profile = dir.resolve("fixture.profile");
        Files.writeString(profile, PROFILE);
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("permethod")
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + dir.resolve("state") + ",profile-file=" + profile)
                .start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            ReportedMetrics m = ReportedMetrics.of(jvm);
            // opGet x2 (numbers without names) and opPut x1 (path failed): unknown, and nothing else of theirs
            assertThat(m.count("unknown")).isEqualTo(3);
            waitFor(jvm, l -> l.contains("hook.nogetter") && l.contains("arg0.getNope()") && l.contains("no method getNope()"), 20_000);
            waitFor(jvm, l -> l.contains("hook.badmapping") && l.contains("command-names=method:com.example.fixture.PerMethodServer#opScan")
                    && l.contains("must be static, take one int and return a String"), 20_000);
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
        }
    }

    @Test
    void aReplyCodeThatIsAnIntIsReadUnboxed() throws Exception {
        Path dir = ForkedJvm.freshDir("profile-file-reply-int");
        Path profile = dir.resolve("reply.profile");
        Files.writeString(profile, String.join("\n",
                "name = reply-int",
                "hook.d.target = com.example.fixture.ReplyIntServer#dispatch",
                "hook.d.vocabulary = STOR;RETR",
                "hook.d.reply = com.example.fixture.ReplyIntServer#send",
                "hook.d.reply-code = arg0",
                "hook.d.fail-when = >= 400",
                "hook.d.error-names = table:550=FileNotFound",
                ""));
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("replyint")
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + dir.resolve("state") + ",profile-file=" + profile).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(entry("STOR unknown ok null", 3L), entry("RETR unknown FileNotFound 550", 2L));
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
        }
    }

    @Test
    void forcedOffRunsNoExtensionCode() throws Exception {
        Path dir = ForkedJvm.freshDir("profile-file-forced-off");
        Path throwing = throwingExtensionJar(dir);
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("router").env("DO_NOT_TRACK", "1")
                .agentOptions("start-delay=0ms,state-dir=" + dir.resolve("state") + ",extension=" + throwing).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            waitFor(jvm, l -> l.contains("telemetry is disabled"), 30_000); // the state line comes from the agent's own thread
            assertThat(jvm.stop(30_000)).isZero();
            // the extension would say "failed at start" had its start() run
            assertThat(jvm.agentLines()).containsExactly("[telemetry-agent] INFO telemetry is disabled: forced off by DO_NOT_TRACK=1");
        }
    }

    /**
     * What a vendor does (docs/profiles.md): {@code jar uf telemetry.jar dev/telemetry/agent/profiles/...},
     * a profile and its vocabulary file next to it; the agent finds both in its own jar.
     */
    @Test
    void aProfileDroppedIntoTheAgentJarCountsExactly() throws Exception {
        Path dir = ForkedJvm.freshDir("profile-in-jar");
        Path jar = dir.resolve("telemetry.jar");
        Files.copy(ForkedJvm.AGENT_JAR, jar);
        Path profiles = Files.createDirectories(dir.resolve("add/dev/telemetry/agent/profiles"));
        Files.writeString(profiles.resolve("router.profile"), String.join("\n",
                "name = vendor-router",
                "marker = com.example.fixture.RouterServer",
                "hook.router.target = com.example.fixture.RouterServer#handle",
                "hook.router.vocabulary = file:router.words",
                "hook.router.operator-regex = unknown operator: (\\w+)",
                "hook.router.error-code = thrown.getCode()",
                "hook.router.error-name = thrown.getCodeName()",
                ""));
        Files.writeString(profiles.resolve("router.words"), "get\nput\nfail\n");
        jarUpdate(jar, dir.resolve("add"), "dev/telemetry/agent/profiles/router.profile", "dev/telemetry/agent/profiles/router.words");
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("router").agentJar(jar)
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + dir.resolve("state")).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsExactlyInAnyOrderEntriesOf(ROUTER_RESULTS);
            ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
            assertThat(status.out).contains("profile:          vendor-router").contains("agent jar: router.profile");
            assertThat(jvm.stop(30_000)).isZero();
        }
    }

    /** An extension bundled the documented way: its classes and {@code dev/telemetry/agent/extensions.list} added to the jar. */
    @Test
    void anExtensionBundledInTheAgentJarIsStarted() throws Exception {
        Path dir = ForkedJvm.freshDir("extension-in-jar");
        Path jar = dir.resolve("telemetry.jar");
        Files.copy(ForkedJvm.AGENT_JAR, jar);
        String entry = "com/example/fixture/ThrowingExtension.class";
        Path add = dir.resolve("add");
        Files.createDirectories(add.resolve(entry).getParent());
        try (java.io.InputStream in = ProfileFileIT.class.getClassLoader().getResourceAsStream(entry)) {
            Files.write(add.resolve(entry), in.readAllBytes());
        }
        Files.createDirectories(add.resolve("dev/telemetry/agent"));
        Files.writeString(add.resolve("dev/telemetry/agent/extensions.list"), "com.example.fixture.ThrowingExtension\n");
        jarUpdate(jar, add, entry, "dev/telemetry/agent/extensions.list");
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("router").agentJar(jar)
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + dir.resolve("state")).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            // its start() ran (and threw, as this fixture does): the bundled list was found in the jar
            waitFor(jvm, l -> l.contains("com.example.fixture.ThrowingExtension") && l.contains("bundled in the agent jar")
                    && l.contains("extension broke at start"), 20_000);
            assertThat(jvm.stop(30_000)).isZero();
        }
    }

    /** {@code jar uf JAR -C dir entry...} with the JDK's own jar tool. */
    private static void jarUpdate(Path jar, Path dir, String... entries) {
        List<String> args = new java.util.ArrayList<>(List.of("uf", jar.toString()));
        for (String e : entries) {
            args.add("-C");
            args.add(dir.toString());
            args.add(e);
        }
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = java.util.spi.ToolProvider.findFirst("jar").orElseThrow()
                .run(new java.io.PrintWriter(out), new java.io.PrintWriter(out), args.toArray(new String[0]));
        assertThat(exit).as(out.toString()).isZero();
    }

    static void waitFor(ForkedJvm jvm, java.util.function.Predicate<String> line, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (jvm.agentLines().stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such agent line; the agent said:\n" + String.join("\n", jvm.agentLines()));
    }

    /** A jar holding ThrowingExtension, named in its manifest. */
    static Path throwingExtensionJar(Path dir) throws Exception {
        Path jar = dir.resolve("throwing-extension.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Telemetry-Extension", "com.example.fixture.ThrowingExtension");
        String entry = "com/example/fixture/ThrowingExtension.class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             java.io.InputStream in = ProfileFileIT.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return jar;
    }
}
