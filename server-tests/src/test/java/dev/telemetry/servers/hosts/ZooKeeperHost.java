package dev.telemetry.servers.hosts;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A standalone ZooKeeper on 127.0.0.1 and a known workload through the ZooKeeper client:
 * 20 requests, 5 of them failing with known codes. Canary paths and data must never reach a report.
 */
public final class ZooKeeperHost {
    public static void main(String[] args) {
        Host.run(() -> serve());
    }

    static void serve() throws Exception {
        File dir = Files.createTempDirectory("zk-host").toFile();
        ZooKeeperServer server = new ZooKeeperServer(dir, dir, 2000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 60);
        factory.startup(server);

        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + factory.getLocalPort(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });                                                                                  // createSession
        Host.check(connected.await(20, TimeUnit.SECONDS), "connected");
        byte[] canary = "canary-value-7f3a".getBytes(StandardCharsets.UTF_8);
        String root = "/canary-node-7f3a";
        zk.create(root, canary, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);        // create
        for (int i = 0; i < 3; i++) {
            zk.create(root + "/child-" + i, canary, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT); // create x3
        }
        zk.getData(root, false, null);                                                       // getData
        zk.getData(root + "/child-0", false, null);                                          // getData
        zk.setData(root, "canary-update-7f3a".getBytes(StandardCharsets.UTF_8), -1);         // setData
        zk.exists(root, false);                                                              // exists
        Host.check(zk.exists(root + "/missing", false) == null, "exists of a missing node"); // exists: NONODE -101
        List<String> children = zk.getChildren(root, false);                                 // getChildren
        fails(() -> zk.getData(root + "/missing", false, null), KeeperException.Code.NONODE); // getData -101
        fails(() -> zk.create(root, canary, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                KeeperException.Code.NODEEXISTS);                                            // create -110
        fails(() -> zk.delete(root + "/child-0", 99), KeeperException.Code.BADVERSION);      // delete -103
        fails(() -> zk.delete(root, -1), KeeperException.Code.NOTEMPTY);                     // delete -111
        for (String c : children) {
            zk.delete(root + "/" + c, -1);                                                   // delete x3
        }
        zk.delete(root, -1);                                                                 // delete
        zk.close();                                                                          // closeSession
        Host.done(() -> {
            factory.shutdown();
            server.shutdown();
        });
    }

    interface Call {
        void run() throws Exception;
    }

    static void fails(Call c, KeeperException.Code code) throws Exception {
        try {
            c.run();
            Host.check(false, "expected " + code);
        } catch (KeeperException e) {
            Host.check(e.code() == code, "expected " + code + ", got " + e.code());
        }
    }
}
