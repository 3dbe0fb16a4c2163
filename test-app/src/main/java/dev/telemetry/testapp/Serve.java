package dev.telemetry.testapp;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/** mongo-java-server on 127.0.0.1; prints its connection string; stops on Ctrl-C (or when stdin closes, if asked). */
final class Serve {
    private Serve() {}

    static void run(int listenPort, String backendName, boolean stopOnStdinClose) throws Exception {
        MongoBackend backend;
        switch (backendName) {
            case "memory":
                backend = new MemoryBackend();
                break;
            case "h2":
                backend = H2Backend.inMemory();
                break;
            default:
                throw new IllegalArgumentException("--backend memory|h2, not " + backendName); // refused by Main before
        }
        MongoServer server = new MongoServer(backend.version(ServerVersion.MONGO_5_0));
        server.bind(new InetSocketAddress("127.0.0.1", listenPort));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }, "serve-shutdown"));
        int port = server.getLocalAddress().getPort();
        System.out.println("serving (" + backendName + " backend) at mongodb://127.0.0.1:" + port);
        System.out.flush();
        if (stopOnStdinClose) {
            // used by the demo: its child stops cleanly when the parent closes the pipe
            while (System.in.read() >= 0) {
                // nothing to read
            }
            System.exit(0);
        }
        stopped.await();
    }
}
