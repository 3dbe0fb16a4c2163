package dev.telemetry.agent.entry;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.state.AppIdentity;
import dev.telemetry.agent.state.Resolution;
import dev.telemetry.agent.state.StateDirs;
import dev.telemetry.agent.state.StateResolver;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar telemetry.jar --help | --version | status [options] | status <pid> | preview <pid> |
 * enable <pid> | disable <pid> | attach <pid> [options] | list | metrics <pid>}. Exit codes: 0 done, 1 failed, 2 usage error.
 */
public final class Cli {
    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(help());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "--version":
                out.println("telemetry-agent " + AgentVersion.get());
                return 0;
            case "status":
                if (rest.length == 1 && rest[0].matches("\\d+")) {
                    return RemoteJvm.status(rest[0], out, err);
                }
                return status(String.join(",", rest), out, err);
            case "preview":
            case "enable":
            case "disable":
                if (rest.length != 1) {
                    err.println("usage: " + args[0] + " <pid>");
                    return 2;
                }
                if (args[0].equals("preview")) {
                    return RemoteJvm.preview(rest[0], out, err);
                }
                return RemoteJvm.change(rest[0], args[0].equals("enable"), out, err);
            case "attach":
                if (rest.length < 1) {
                    err.println("usage: attach <pid> [key=value,...]");
                    return 2;
                }
                return RemoteJvm.attach(rest[0], String.join(",", Arrays.copyOfRange(rest, 1, rest.length)), out, err);
            case "list":
                return RemoteJvm.list(out, err);
            case "metrics":
                if (rest.length != 1) {
                    err.println("usage: metrics <pid>");
                    return 2;
                }
                return RemoteJvm.metrics(rest[0], out, err);
            default:
                err.println("unknown command \"" + args[0] + "\"; see --help");
                return 2;
        }
    }

    /** Resolves the state exactly as the agent would, with these options and this environment, without writing. */
    static int status(String options, PrintStream out, PrintStream err) {
        Environment env = Environment.current();
        Config config;
        try {
            config = ConfigLoader.load(options, env);
        } catch (ConfigException e) {
            Resolution off = Resolution.configurationError(e.getMessage());
            err.println(off.errors().get(0));
            print(off, out);
            return 1;
        }
        AppIdentity identity = AppIdentity.current(env);
        Resolution r = StateResolver.resolve(config, env, identity, false);
        r.errors().forEach(e -> err.println("error: " + e));
        r.warnings().forEach(w -> err.println("warning: " + w));
        print(r, out);
        if (config.get(Option.APP_NAME).trim().isEmpty() && config.get(Option.STATE_DIR).trim().isEmpty()) {
            out.println("(for application \"" + StateDirs.appName(config, identity)
                    + "\"; pass app-name=NAME or state-dir=DIR to look at another application's state)");
        }
        return 0;
    }

    private static void print(Resolution r, PrintStream out) {
        out.println("state:      " + r.state().word());
        out.println("locked:     " + (r.locked() ? "yes" : "no"));
        out.println("decided by: " + r.decidedBy());
        out.println("uuid:       " + (r.uuid() == null ? "- (created when the agent first runs)" : r.uuid()));
        out.println("state file: " + (r.stateFile() == null ? "-" : r.stateFile()));
    }

    static String help() {
        StringBuilder b = new StringBuilder();
        b.append("telemetry-agent ").append(AgentVersion.get()).append("\n\n")
         .append("As an agent:  java -javaagent:telemetry.jar[=key=value,...] -jar your-server.jar\n\n")
         .append("Commands:\n")
         .append("  --help                      this text\n")
         .append("  --version                   the agent's version\n")
         .append("  status [key=value,...]      the telemetry state the agent would resolve with these options\n")
         .append("                              (same environment, same state file; nothing is written)\n")
         .append("  attach <pid> [key=value,...]  load the agent into a running JVM\n")
         .append("  list                        local JVMs and whether each runs the agent\n")
         .append("  status <pid>                what a running agent shows: state, reports, version notice\n")
         .append("  preview <pid>               the exact JSON of the next report of a running agent\n")
         .append("  enable <pid> | disable <pid>  change a running agent's state (refused when locked)\n")
         .append("  metrics <pid>               the metrics a running agent has counted, as JSON\n\n")
         .append("Options (agent option key=value, -Dtelemetry.<key>=value, or TELEMETRY_<KEY>):\n");
        for (Option o : Option.values()) {
            b.append(String.format("  %-20s %s (default: %s)%n", o.key(), o.description(),
                    o.defaultValue().isEmpty() ? "empty" : o.defaultValue()));
        }
        return b.toString();
    }
}
