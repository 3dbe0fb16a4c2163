package dev.telemetry.servers.hosts;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Moquette MQTT broker on 127.0.0.1 and a known workload through Eclipse Paho: one refused
 * CONNECT, one refused subscription (answered later, on another thread). Canary client ids, user
 * names, passwords, topics and payloads must never reach a report.
 */
public final class MqttHost {
    public static void main(String[] args) {
        Host.run(() -> serve());
    }

    static void serve() throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "0");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false"); // Moquette's own telemetry would call an outside host
        p.setProperty("allow_anonymous", "false");
        IAuthenticator auth = (clientId, user, password) -> "canary-user-7f3a".equals(user) && password != null
                && "canary-secret-7f3a".equals(new String(password, StandardCharsets.UTF_8));
        IAuthorizatorPolicy acl = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                return true;
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return !topic.toString().contains("denied");
            }
        };
        Server server = new Server();
        server.startServer(new MemoryConfig(p), Collections.emptyList(), null, auth, acl);
        // the acceptor binds in the background: its port reads 0 until it has
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.getPort() <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Host.check(server.getPort() > 0, "the broker is listening");
        String uri = "tcp://127.0.0.1:" + server.getPort();

        MqttClient bad = new MqttClient(uri, "canary-client-bad-7f3a", new MemoryPersistence());
        try {
            bad.connect(options("canary-wrong-7f3a"));                                    // CONNECT, refused: 4
            Host.check(false, "connected with a wrong password");
        } catch (MqttSecurityException expected) {
            Host.check(expected.getReasonCode() == 4, "refused with 4");
        }
        bad.close();
        MqttClient c = new MqttClient(uri, "canary-client-7f3a", new MemoryPersistence());
        c.connect(options("canary-secret-7f3a"));                                         // CONNECT
        CountDownLatch delivered = new CountDownLatch(2);
        c.subscribe("canary/topic-7f3a", 1, (t, m) -> delivered.countDown());            // SUBSCRIBE
        int[] granted = c.subscribeWithResponse(new String[]{"canary/denied-7f3a"}, new int[]{1}).getGrantedQos(); // SUBSCRIBE, refused: 128
        Host.check(granted[0] == 128, "the denied subscription is refused");
        c.publish("canary/topic-7f3a", "canary-body-qos0-7f3a".getBytes(StandardCharsets.UTF_8), 0, false); // PUBLISH
        c.publish("canary/topic-7f3a", "canary-body-qos1-7f3a".getBytes(StandardCharsets.UTF_8), 1, false); // PUBLISH, and our PUBACK of its delivery
        Host.check(delivered.await(10, TimeUnit.SECONDS), "both messages delivered");
        c.unsubscribe("canary/topic-7f3a");                                               // UNSUBSCRIBE
        c.disconnect();                                                                   // DISCONNECT
        c.close();
        Host.done(server::stopServer);
    }

    static MqttConnectOptions options(String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // the default would retry a refusal with 3.1
        o.setUserName("canary-user-7f3a");
        o.setPassword(password.toCharArray());
        o.setCleanSession(true);
        o.setKeepAliveInterval(60);
        o.setAutomaticReconnect(false);
        return o;
    }
}
