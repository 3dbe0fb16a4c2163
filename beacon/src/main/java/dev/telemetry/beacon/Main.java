package dev.telemetry.beacon;

import java.util.Arrays;

/** {@code java -jar beacon.jar [options]}; {@code --help} lists them. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(BeaconOptions.help());
            return;
        }
        BeaconOptions options;
        try {
            options = BeaconOptions.parse(args, System.getenv());
            options.retention();
        } catch (RuntimeException e) {
            System.err.println("beacon: " + e.getMessage());
            System.exit(2);
            return;
        }
        Beacon beacon = new Beacon(options);
        Runtime.getRuntime().addShutdownHook(new Thread(beacon::close, "beacon-shutdown"));
        System.out.println("beacon listening on http://" + options.host() + ":" + beacon.server().port()
                + "/v1/report (database: " + beacon.database() + ")");
    }
}
