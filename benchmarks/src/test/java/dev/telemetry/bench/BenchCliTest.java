package dev.telemetry.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks' settings: typed options, their -Dbench.* defaults, and nothing unknown let through. */
class BenchCliTest {
    @AfterEach
    void clearProperties() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("bench.")) {
                System.clearProperty(key);
            }
        }
    }

    private static BenchSettings settings(String... args) {
        BenchmarkRunner.Command c = new BenchmarkRunner.Command();
        BenchCli.commandLine(c).parseArgs(args);
        return c.settings;
    }

    /** Runs the command line without running the benchmark: a parse error or an unknown setting gives 2. */
    private static int exitCode(StringWriter err, String... args) {
        CommandLine cl = BenchCli.commandLine(new BenchmarkRunner.Command());
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionStrategy(parsed -> 0);
        return BenchCli.execute(cl, args);
    }

    @Test
    void theDefaultsAreAFullRunAndQuickIsASmokeTest() {
        BenchSettings full = settings();
        assertThat(full.forks()).isEqualTo(1);
        assertThat(full.warmupIterations()).isEqualTo(10);
        assertThat(full.warmupMillis()).isEqualTo(1000);
        assertThat(full.measurementIterations()).isEqualTo(5);
        assertThat(full.measurementMillis()).isEqualTo(1000);
        assertThat(full.verify()).isTrue();
        assertThat(full.agentJar()).isEqualTo(Path.of("agent/target/telemetry.jar").toAbsolutePath());
        BenchSettings quick = settings("--quick");
        assertThat(quick.warmupIterations()).isEqualTo(1);
        assertThat(quick.warmupMillis()).isEqualTo(500);
        assertThat(quick.measurementIterations()).isEqualTo(2);
        assertThat(quick.measurementMillis()).isEqualTo(500);
        assertThat(settings("--quick", "--warmup-iterations", "3").warmupIterations()).isEqualTo(3);
        assertThat(settings("--no-verify").verify()).isFalse();
    }

    @Test
    void systemPropertiesSetTheDefaultsAsBefore() {
        System.setProperty("bench.quick", "true");
        System.setProperty("bench.forks", "3");
        System.setProperty("bench.verify", "false");
        System.setProperty("bench.outDir", "/tmp/bench-out");
        BenchSettings s = settings();
        assertThat(s.quick).isTrue();
        assertThat(s.forks()).isEqualTo(3);
        assertThat(s.verify()).isFalse();
        assertThat(s.outDir()).isEqualTo(Path.of("/tmp/bench-out"));
        assertThat(settings("--forks", "2").forks()).as("the command line wins").isEqualTo(2);
    }

    @Test
    void everyOptionNamesItsProperty() {
        for (Object command : List.of(new BenchmarkRunner.Command(), new PathBenchmarkRunner.Command(), new StartupBenchmark())) {
            for (OptionSpec o : BenchCli.commandLine(command).getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    assertThat(String.join(" ", o.description())).as(o.longestName()).contains("-D" + BenchCli.property(o.longestName()));
                }
            }
        }
        assertThat(BenchCli.property("--warmup-iterations")).isEqualTo("bench.warmupIterations");
        assertThat(BenchCli.property("--startup-runs")).isEqualTo("bench.startupRuns");
    }

    @Test
    void unknownOptionsAndSettingsAreRefused() {
        StringWriter err = new StringWriter();
        assertThat(exitCode(err, "--quik")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--quik'");
        assertThat(exitCode(err, "--forks", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--forks").contains("a whole number from 1 up, not \"0\"");
        System.setProperty("bench.quik", "true");
        assertThat(exitCode(err)).isEqualTo(2);
        assertThat(err.toString()).contains("unknown setting -Dbench.quik");
        System.clearProperty("bench.quik");
        assertThat(exitCode(err, "--quick")).isZero();
    }

    @Test
    void theBeaconLoadTakesItsUrlsClientsAndSeconds() {
        BeaconLoad load = new BeaconLoad();
        BenchCli.commandLine(load).parseArgs("http://127.0.0.1:18080/v1/report,http://127.0.0.1:18081/v1/report", "4", "30");
        assertThat(load.url).containsExactly(URI.create("http://127.0.0.1:18080/v1/report"), URI.create("http://127.0.0.1:18081/v1/report"));
        assertThat(load.clients).isEqualTo(4);
        assertThat(load.seconds).isEqualTo(30);
        BeaconLoad defaults = new BeaconLoad();
        BenchCli.commandLine(defaults).parseArgs("http://127.0.0.1:18080/v1/report");
        assertThat(defaults.clients).isEqualTo(8);
        assertThat(defaults.seconds).isEqualTo(10);
    }
}
