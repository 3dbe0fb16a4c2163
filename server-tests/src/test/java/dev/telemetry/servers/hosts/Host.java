package dev.telemetry.servers.hosts;

/**
 * What every server host does after its workload: says DONE, stays up until the test has read the
 * agent's metrics (stdin closes), stops the server, and says it exits normally.
 */
final class Host {
    private Host() {}

    interface Stop {
        void run() throws Exception;
    }

    static void done(Stop stop) throws Exception {
        System.out.println("DONE");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the test
        }
        stop.run();
        System.out.println("host exits normally");
    }

    /** Runs a host's main; anything it throws ends the JVM at once (a server's threads would keep it up). */
    static void run(Main main) {
        try {
            main.run();
        } catch (Throwable e) {
            System.out.println("HOST CHECK FAILED: " + e);
            e.printStackTrace();
            System.exit(3);
        }
    }

    interface Main {
        void run() throws Exception;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("HOST CHECK FAILED: " + what);
            System.exit(3);
        }
    }
}
