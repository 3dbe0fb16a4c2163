package dev.telemetry.testapp;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -jar test-app.jar serve | receiver | workload | demo | perf}: a MongoDB-compatible
 * server, a report receiver, a scripted client workload, the whole story in one command, and
 * end-to-end figures. The options are parsed and checked by picocli, once, before anything starts:
 * a wrong or unknown one is refused in one line (exit code 2); {@code --help} is generated.
 */
@Command(name = "java -jar test-app.jar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {Main.ServeCommand.class, Main.ReceiverCommand.class, Main.WorkloadCommand.class,
                Main.DemoCommand.class, Main.PerfCommand.class, CommandLine.HelpCommand.class},
        header = "The telemetry agent's demo: a MongoDB-compatible server, the beacon, a workload, and the whole story.",
        synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n")
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand; {@code execute} returns the exit code (2 for a wrong command line). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // one line that names the option and the value, not a page of usage
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        return cl;
    }

    /** No command: the usage, as {@code --help} prints it. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "A MongoDB-wire-compatible server (mongo-java-server) on 127.0.0.1; prints its connection string.")
    static final class ServeCommand implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "27017", paramLabel = "N", converter = PortConverter.class,
                description = "port to listen on (0: any free one); default ${DEFAULT-VALUE}")
        int port;

        @Option(names = "--backend", defaultValue = "memory", paramLabel = "memory|h2", converter = BackendConverter.class,
                description = "the server's storage; default ${DEFAULT-VALUE}")
        String backend;

        @Option(names = "--stop-on-stdin-close", description = "stop when standard input closes (the demo's child server)")
        boolean stopOnStdinClose;

        @Override
        public Integer call() throws Exception {
            Serve.run(port, backend, stopOnStdinClose);
            return 0;
        }
    }

    @Command(name = "receiver", mixinStandardHelpOptions = true,
            description = "The beacon, embedded, on 127.0.0.1, printing each report; with a token, its dashboard at /.")
    static final class ReceiverCommand implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8080", paramLabel = "N", converter = PortConverter.class,
                description = "port to listen on; default ${DEFAULT-VALUE}")
        int port;

        @Option(names = "--latest-version", defaultValue = EmbeddedBeacon.DEFAULT_LATEST, paramLabel = "V",
                description = "the latest version the beacon announces for test-app; default ${DEFAULT-VALUE}")
        String latestVersion;

        @Option(names = "--admin-token", defaultValue = "", paramLabel = "T",
                description = "the dashboard's admin token; none: no dashboard")
        String adminToken;

        @Override
        public Integer call() throws Exception {
            EmbeddedBeacon.run(port, latestVersion, adminToken);
            return 0;
        }
    }

    @Command(name = "workload", mixinStandardHelpOptions = true,
            description = "A scripted mix of commands through the MongoDB driver; prints the results a report must hold.")
    static final class WorkloadCommand implements Callable<Integer> {
        @Option(names = "--uri", required = true, paramLabel = "mongodb://127.0.0.1:N", description = "the server to run it against")
        String uri;

        @Override
        public Integer call() {
            Workload.run(uri);
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "The whole story, then exit: 0 only when the report's counts are exactly the workload's.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--attach", description = "attach the agent to the running server instead of -javaagent")
        boolean attach;

        @Option(names = "--backend", defaultValue = "memory", paramLabel = "memory|h2", converter = BackendConverter.class,
                description = "the server's storage; default ${DEFAULT-VALUE}")
        String backend;

        @Option(names = "--agent", paramLabel = "PATH", description = "the agent jar; default agent/target/telemetry.jar")
        Path agent;

        @Option(names = "--latest-version", defaultValue = EmbeddedBeacon.DEFAULT_LATEST, paramLabel = "V",
                description = "the latest version the beacon announces; default ${DEFAULT-VALUE}")
        String latestVersion;

        @Override
        public Integer call() throws Exception {
            return Demo.run(attach, backend, agent, latestVersion);
        }
    }

    @Command(name = "perf", mixinStandardHelpOptions = true,
            description = "End-to-end figures for serve: startup and load, without an agent, with this one and with OpenTelemetry's.")
    static final class PerfCommand implements Callable<Integer> {
        @Option(names = "--agent", paramLabel = "PATH", description = "the agent jar; default agent/target/telemetry.jar")
        Path agent;

        @Option(names = "--otel", paramLabel = "PATH",
                description = "the OpenTelemetry Java agent; default benchmarks/target/agents/opentelemetry-javaagent.jar")
        Path otel;

        @Option(names = "--startup-runs", defaultValue = "7", paramLabel = "N", converter = CountConverter.class,
                description = "startups per configuration; default ${DEFAULT-VALUE}")
        int startupRuns;

        @Option(names = "--load-runs", defaultValue = "5", paramLabel = "N", converter = CountConverter.class,
                description = "load runs per configuration; default ${DEFAULT-VALUE}")
        int loadRuns;

        @Option(names = "--clients", defaultValue = "4", paramLabel = "N", converter = CountConverter.class,
                description = "clients at once in a load run; default ${DEFAULT-VALUE}")
        int clients;

        @Option(names = "--seconds", defaultValue = "5", paramLabel = "N", converter = CountConverter.class,
                description = "length of a load run; default ${DEFAULT-VALUE}")
        int seconds;

        @Override
        public Integer call() throws Exception {
            return Perf.run(agent, otel, startupRuns, loadRuns, clients, seconds);
        }
    }

    /** A whole number from {@code min} to {@code max}, or the refusal that names them. */
    private static int inRange(String v, int min, int max, String accepted) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new TypeConversionException(accepted + ", not \"" + v + "\"");
    }

    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return inRange(v, 0, 65535, "a port from 0 to 65535");
        }
    }

    static final class CountConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return inRange(v, 1, 10_000, "a whole number from 1 to 10000");
        }
    }

    static final class BackendConverter implements ITypeConverter<String> {
        @Override
        public String convert(String v) {
            if (v.equals("memory") || v.equals("h2")) {
                return v;
            }
            throw new TypeConversionException("memory or h2, not \"" + v + "\"");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"test-app " + (v == null ? "(development build)" : v)};
        }
    }
}
