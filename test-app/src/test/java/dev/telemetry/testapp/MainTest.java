package dev.telemetry.testapp;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line is checked once, before anything starts: typed values, unknown flags refused, help generated. */
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the command line up to the point where a command would start (nothing is started here). */
    private int parse(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionStrategy(parsed -> {
            CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            return last.getCommand() instanceof Main ? new CommandLine.RunLast().execute(parsed) : 0;
        });
        return cl.execute(args);
    }

    private static <T> T options(Class<T> type, String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(args);
        return type.cast(r.subcommand().commandSpec().userObject());
    }

    @Test
    void theReadmesFlagsAreTyped() {
        Main.ServeCommand serve = options(Main.ServeCommand.class, "serve", "--port", "0", "--backend", "h2", "--stop-on-stdin-close");
        assertThat(serve.port).isZero();
        assertThat(serve.backend).isEqualTo("h2");
        assertThat(serve.stopOnStdinClose).isTrue();
        assertThat(options(Main.ServeCommand.class, "serve").port).isEqualTo(27017);

        Main.ReceiverCommand receiver = options(Main.ReceiverCommand.class, "receiver", "--port", "8080", "--admin-token", "demo");
        assertThat(receiver.port).isEqualTo(8080);
        assertThat(receiver.adminToken).isEqualTo("demo");
        assertThat(receiver.latestVersion).isEqualTo("1.0.0");

        assertThat(options(Main.WorkloadCommand.class, "workload", "--uri", "mongodb://127.0.0.1:27017").uri)
                .isEqualTo("mongodb://127.0.0.1:27017");

        Main.DemoCommand demo = options(Main.DemoCommand.class, "demo", "--attach", "--agent", "x/telemetry.jar");
        assertThat(demo.attach).isTrue();
        assertThat(demo.backend).isEqualTo("memory");
        assertThat(demo.agent).isEqualTo(Path.of("x/telemetry.jar"));

        Main.PerfCommand perf = options(Main.PerfCommand.class, "perf", "--clients", "2");
        assertThat(perf.clients).isEqualTo(2);
        assertThat(perf.startupRuns).isEqualTo(7);
        assertThat(perf.loadRuns).isEqualTo(5);
        assertThat(perf.seconds).isEqualTo(5);
        assertThat(perf.agent).isNull();
    }

    @Test
    void unknownFlagsAreRefused() {
        assertThat(parse("serve", "--prot", "27017")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--prot', '27017'").contains("see java -jar test-app.jar serve --help")
                .hasLineCount(1);
    }

    @Test
    void wrongValuesAreRefusedNamingTheOption() {
        assertThat(parse("serve", "--backend", "mysql")).isEqualTo(2);
        assertThat(err.toString()).contains("--backend").contains("memory or h2, not \"mysql\"");
        assertThat(parse("receiver", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port").contains("a port from 0 to 65535");
        assertThat(parse("perf", "--seconds", "0")).isEqualTo(2);
        assertThat(parse("workload")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--uri=mongodb://127.0.0.1:N'");
        assertThat(parse("launch")).isEqualTo(2);
    }

    @Test
    void helpIsGenerated() {
        assertThat(parse("--help")).isZero();
        assertThat(out.toString()).contains("serve", "receiver", "workload", "demo", "perf");
        out.getBuffer().setLength(0);
        assertThat(parse()).isZero(); // no command: the same usage
        assertThat(out.toString()).contains("Commands:");
        out.getBuffer().setLength(0);
        assertThat(parse("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--port", "--backend", "--stop-on-stdin-close");
    }
}
