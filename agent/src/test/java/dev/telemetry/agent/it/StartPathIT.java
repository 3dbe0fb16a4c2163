package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the premain thread leaves to the agent's start thread (issue 12), read from the JVM's own
 * class-loading log of a real start with the built jar. With nothing but the built-in profile
 * possible (the defaults), premain builds no profile, hook table, metrics, state resolution or
 * status, and the start thread does; a hooked class that loads first builds them itself
 * ({@code MongoProfileIT} counts such starts exactly). A {@code url} is checked by hand there: no
 * report client, service lookup or lambda. A profile option is read on the premain
 * thread, where a mistake in it is a configuration error.
 */
class StartPathIT {
    private static final String HOST = "com.example.fixture.GenericHost";
    /** In the class-loading log's debug line: {@code loader: [loader data: 0x... for instance a 'java/lang/Foo'{0x...}]}. */
    private static final Pattern LOADER = Pattern.compile("for instance a '([^']+)'");
    private static final String AGENT_LOADER = "dev/telemetry/agent/entry/AgentClassLoader";
    private static final String APP_LOADER = "jdk/internal/loader/ClassLoaders$AppClassLoader";
    private static final List<String> LEFT_FOR_LATER = List.of(
            "dev.telemetry.agent.profile.ProfileCatalog", "dev.telemetry.agent.profile.mongo.MongoProfile",
            "dev.telemetry.agent.instrument.HookTable", "dev.telemetry.agent.metrics.Metrics",
            "dev.telemetry.agent.state.StateResolver", "dev.telemetry.agent.surface.AgentStatus",
            "dev.telemetry.agent.profile.generic.HookWatch");

    /**
     * The classes loaded on the thread that loaded the agent's entry class, until the host's main class;
     * all classes; and the agent's classes (its packages) with the class loader that defined each.
     */
    private record Loads(List<String> premain, List<String> all, Map<String, String> agentLoaders, Map<String, String> threads) {}

    private static Loads start(String options) throws Exception {
        Path log = Files.createTempFile(ForkedJvm.WORK, "start-path", ".txt");
        try (ForkedJvm jvm = ForkedJvm.builder(HOST).arg("router")
                .jvmArg("-Xlog:class+load=debug:file=" + log + ":tid") // debug: each class's loader, on the line after it
                .agentOptions("start-delay=0ms,log-level=debug,state-dir=" + ForkedJvm.freshDir("start-path") + "," + options).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            long until = System.nanoTime() + 20_000_000_000L; // the start thread's work (start-delay=0ms): the status is its last step
            while (!Files.readString(log).contains("dev.telemetry.agent.surface.AgentStatus ") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(jvm.stop(30_000)).isZero();
        }
        List<String> premain = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Map<String, String> agentLoaders = new LinkedHashMap<>();
        Map<String, String> threads = new LinkedHashMap<>(); // class to the thread (tid) that loaded it
        String thread = null;
        Map<String, String> lastByThread = new LinkedHashMap<>(); // a class's two lines can interleave with another thread's
        boolean hostStarted = false;
        for (String line : Files.readAllLines(log)) {
            int end = line.indexOf("] ");
            if (!line.startsWith("[") || end < 0) {
                continue;
            }
            String tid = line.substring(1, end);
            String rest = line.substring(end + 2);
            if (rest.startsWith(" klass: ")) { // the debug line of the class named on the line before
                Matcher m = LOADER.matcher(rest);
                String last = lastByThread.get(tid);
                if (last != null && last.startsWith("dev.telemetry.agent.")) {
                    agentLoaders.put(last, m.find() ? m.group(1) : rest.contains("'bootstrap'") ? "bootstrap" : rest);
                }
                continue;
            }
            String name = rest.split(" ")[0];
            lastByThread.put(tid, name);
            all.add(name);
            threads.putIfAbsent(name, tid);
            if (thread == null && name.equals("dev.telemetry.agent.entry.AgentEntry")) {
                thread = tid;
            }
            if (thread != null && tid.equals(thread) && !hostStarted) {
                hostStarted = name.equals(HOST);
                premain.add(name);
            }
        }
        assertThat(thread).as("the agent's entry class in the log").isNotNull();
        assertThat(hostStarted).as("the host's main class after it, on the same thread").isTrue();
        return new Loads(premain, all, agentLoaders, threads);
    }

    @Test
    void withOnlyTheBuiltInProfilePremainBuildsNoneOfItAndTheStartThreadDoes() throws Exception {
        Loads loads = start("telemetry=enable,url=https://telemetry.example.com/v1/report,dry-run=true");
        assertThat(loads.premain()).contains("dev.telemetry.agent.instrument.TypeFilter", "dev.telemetry.agent.profile.LazyCatalog")
                .doesNotContainAnyElementsOf(LEFT_FOR_LATER)
                .doesNotContain("dev.telemetry.agent.report.ReportClient", "java.util.ServiceLoader") // the url is read by hand
                .noneMatch(n -> n.contains("$$Lambda"))
                .noneMatch(n -> n.startsWith("dev.telemetry.agent.shaded.net.bytebuddy.") || n.startsWith("dev.telemetry.agent.shaded.com.fasterxml."));
        assertThat(loads.all()).containsAll(LEFT_FOR_LATER);
    }

    /**
     * Premain starts one thread of its own: the start thread reads the jar's directory first (the
     * class that reads it loads there, or on the premain thread when that asks first), then does the
     * rest of the start (the status, its last step); no third thread reads it.
     * And premain loads none of the JDK classes outside the JDK's archive that it used to need for
     * nothing: an empty EnumMap's iterators, a key set's, an exception class named only in a handler.
     */
    @Test
    void theStartThreadReadsTheJarsDirectoryAndPremainLoadsNoIteratorItNeedNot() throws Exception {
        Loads loads = start("telemetry=enable,dry-run=true");
        assertThat(loads.threads()).containsKeys("dev.telemetry.agent.config.JarDirectory", "dev.telemetry.agent.surface.AgentStatus");
        String premainThread = loads.threads().get("dev.telemetry.agent.entry.AgentEntry");
        String reader = loads.threads().get("dev.telemetry.agent.config.JarDirectory");
        assertThat(reader).isIn(premainThread, loads.threads().get("dev.telemetry.agent.surface.AgentStatus"));
        assertThat(loads.premain()).doesNotContain("java.util.EnumMap$EntrySet", "java.util.EnumMap$EnumMapIterator",
                "java.util.LinkedHashMap$LinkedKeySet", "java.lang.IllegalStateException");
    }

    /**
     * Classes premain has no use for, each of which it once loaded: the log's levels as an enum, a
     * class of its own for the profiles' view of the status, the start thread's InterruptedException
     * (from the JDK's image, for checking the thread's class) and the URI parser for the jar's path.
     */
    @Test
    void premainLoadsNoClassForLogLevelsTheEarlyStatusOrTheStartThreadsWait() throws Exception {
        Loads loads = start("telemetry=enable,dry-run=true,log-level=warn");
        assertThat(loads.premain()).contains("dev.telemetry.agent.log.AgentLog", "dev.telemetry.agent.entry.AgentStarter$Later")
                .doesNotContain("dev.telemetry.agent.log.AgentLog$Level", "dev.telemetry.agent.entry.AgentStarter$Holder",
                        "java.lang.InterruptedException", "sun.nio.fs.UnixUriUtils");
    }

    @Test
    void aProfileOptionIsReadOnThePremainThread() throws Exception {
        Loads loads = start("telemetry=enable,profile=generic,dispatch=com.example.fixture.RouterServer#handle");
        assertThat(loads.premain()).contains("dev.telemetry.agent.profile.ProfileCatalog", "dev.telemetry.agent.instrument.HookTable")
                .doesNotContain("dev.telemetry.agent.state.StateResolver", "dev.telemetry.agent.surface.AgentStatus");
    }

    /**
     * The agent's classes come from its own class loader (cheaper per class than the application class
     * loader), premain's and those of every later step (the bridge, weaving, the report): none from the
     * application class loader but the two that start it, so no class of the agent exists twice.
     */
    @Test
    void theAgentsClassesAreDefinedByItsOwnLoaderAndNoneTwice() throws Exception {
        Loads loads = start("telemetry=enable,dry-run=true,class-cache=false,profile=generic,dispatch=com.example.fixture.RouterServer#handle");
        Map<String, String> loaders = loads.agentLoaders();
        assertThat(loaders).containsEntry("dev.telemetry.agent.entry.AgentEntry", APP_LOADER)
                .containsEntry("dev.telemetry.agent.entry.AgentClassLoader", APP_LOADER)
                .containsEntry("dev.telemetry.agent.entry.AgentStarter", AGENT_LOADER)
                .containsEntry("dev.telemetry.agent.config.ConfigLoader", AGENT_LOADER)
                .containsEntry("dev.telemetry.agent.instrument.TypeFilter", AGENT_LOADER)
                .containsEntry("dev.telemetry.agent.metrics.Metrics", AGENT_LOADER) // after premain
                .containsEntry("dev.telemetry.agent.surface.AgentStatus", AGENT_LOADER)
                .containsEntry("dev.telemetry.agent.weave.AdviceTransformer", "dev/telemetry/agent/instrument/WeaveLoader") // woven afresh
                .containsEntry("dev.telemetry.agent.bootstrap.Bridge", "bootstrap");
        assertThat(loaders.entrySet()).filteredOn(e -> e.getValue().equals(APP_LOADER)).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("dev.telemetry.agent.entry.AgentEntry", "dev.telemetry.agent.entry.AgentClassLoader");
        assertThat(loads.all()).filteredOn(n -> n.startsWith("dev.telemetry.agent.")).doesNotHaveDuplicates();
    }
}
