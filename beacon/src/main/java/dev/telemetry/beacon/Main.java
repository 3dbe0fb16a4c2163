package dev.telemetry.beacon;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code java -jar beacon.jar [options]}; {@code --help} lists them. Exit codes: 2 for a wrong option
 * (one line naming it, its value and what is accepted), 1 when the beacon cannot start for another
 * reason (the database does not answer, the port is taken), also in one line.
 */
public final class Main {
    static final int BAD_OPTION = 2;
    static final int CANNOT_START = 1;

    private Main() {}

    public static void main(String[] args) {
        quietLibraries();
        int code = run(args, System.getenv(), System.out, System.err, beacon -> {
            Runtime.getRuntime().addShutdownHook(new Thread(beacon::close, "beacon-shutdown"));
        });
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The libraries' start-up chatter (pool starting, migrations validated, Jetty's banner) would surround
     * the one line a failed start prints; their warnings and errors still show. -D settings win.
     */
    private static void quietLibraries() {
        for (String lib : new String[]{"com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty", "io.javalin"}) {
            String key = "org.slf4j.simpleLogger.log." + lib;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** Starts a beacon and hands it to {@code started}; returns 0, or the exit code after printing one line. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Consumer<Beacon> started) {
        if (BeaconOptions.wantsHelp(args)) {
            BeaconOptions.printHelpOrVersion(args, new PrintWriter(out));
            return 0;
        }
        BeaconOptions options;
        Beacon beacon;
        try {
            options = BeaconOptions.parse(args, env);
            beacon = new Beacon(options);
        } catch (BeaconOptions.Invalid e) {
            err.println("beacon: " + e.getMessage());
            return BAD_OPTION;
        } catch (Beacon.Unavailable e) {
            err.println("beacon: " + e.getMessage());
            return CANNOT_START;
        } catch (Exception e) {
            err.println("beacon: could not start: " + Beacon.rootMessage(e));
            return CANNOT_START;
        }
        started.accept(beacon);
        out.println("beacon listening on http://" + options.host() + ":" + beacon.server().port()
                + "/v1/report (database: " + beacon.database() + ")");
        return 0;
    }
}
