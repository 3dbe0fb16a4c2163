package dev.telemetry.testapp;

import java.util.Arrays;

/**
 * {@code java -jar test-app.jar serve | receiver | workload | demo}: a MongoDB-compatible server, a
 * report receiver, a scripted client workload, and the whole story in one command.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        Args rest = new Args(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        switch (command) {
            case "serve":
                Serve.run(rest);
                break;
            case "receiver":
                EmbeddedBeacon.run(rest);
                break;
            case "workload":
                Workload.run(rest);
                break;
            case "demo":
                System.exit(Demo.run(rest));
                break;
            case "perf":
                System.exit(Perf.run(rest));
                break;
            default:
                System.out.println(String.join("\n",
                        "usage: java -jar test-app.jar <command> [options]",
                        "  serve    [--port N] [--backend memory|h2]        a MongoDB-wire-compatible server on 127.0.0.1 (default 27017)",
                        "  receiver [--port N] [--latest-version V] [--admin-token T]   the beacon, embedded, printing each report (127.0.0.1;",
                        "                                                   default 8080, 1.0.0); with a token, its dashboard at /",
                        "  workload --uri mongodb://127.0.0.1:N             a scripted mix of commands through the MongoDB driver",
                        "  demo     [--attach] [--backend memory|h2] [--agent PATH]   the whole story, then exit",
                        "  perf     [--startup-runs 7] [--load-runs 5] [--clients 4] [--seconds 5]   end-to-end figures, with and without agents"));
                System.exit(command.equals("help") || command.equals("--help") ? 0 : 2);
        }
    }
}
