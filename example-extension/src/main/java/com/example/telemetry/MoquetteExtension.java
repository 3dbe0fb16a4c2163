package com.example.telemetry;

import dev.telemetry.agent.api.ExtensionContext;
import dev.telemetry.agent.api.TelemetryExtension;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;

/**
 * Telemetry for Moquette (io.moquette:moquette-broker 0.17), an MQTT broker, through the extension
 * API: what a profile file cannot say here is a failure learned after the dispatch, on another thread.
 * <ul>
 *   <li>Every inbound packet passes {@code MQTTConnection#handleMessage(MqttMessage)} once; the command
 *       is the packet type, an enum ({@code CONNECT}, {@code PUBLISH}, ...). Never a client id or a
 *       topic: those travel in the same message and in the broker's routing methods.</li>
 *   <li>A refused CONNECT is answered during that call by {@code abortConnection(returnCode)}.</li>
 *   <li>A refused subscription is answered later, on a session thread, by
 *       {@code sendSubAckMessage(id, suback)} with granted QoS 128: the SUBSCRIBE, already counted, failed.</li>
 * </ul>
 * Both refusals are reported with {@code failedLater}. Nothing here blocks, allocates on the success
 * path, or keeps a reference to the broker's objects.
 */
public final class MoquetteExtension implements TelemetryExtension {
    static final String CONNECTION = "io.moquette.broker.MQTTConnection";
    /** MQTT's "failure" return code in a SUBACK. */
    static final int SUBSCRIPTION_REFUSED = 0x80;

    @Override
    public String name() {
        return "moquette";
    }

    @Override
    public void start(ExtensionContext context) {
        context.hook(CONNECTION + "#handleMessage", 0, (self, message) ->
                message instanceof MqttMessage && ((MqttMessage) message).fixedHeader() != null
                        ? ((MqttMessage) message).fixedHeader().messageType().name()
                        : null);
        context.watch(CONNECTION + "#abortConnection", 0, (self, code) -> {
            if (code instanceof MqttConnectReturnCode) {
                MqttConnectReturnCode c = (MqttConnectReturnCode) code;
                context.failedLater("CONNECT", refusal(c), c.byteValue() & 0xFF);
            }
        });
        context.watch(CONNECTION + "#sendSubAckMessage", 1, (self, suback) -> {
            if (suback instanceof MqttSubAckMessage) {
                java.util.List<Integer> granted = ((MqttSubAckMessage) suback).payload().grantedQoSLevels();
                for (int i = 0; i < granted.size(); i++) { // by index: no iterator per reply
                    Integer q = granted.get(i);
                    if (q != null && q == SUBSCRIPTION_REFUSED) {
                        context.failedLater("SUBSCRIBE", "SubscriptionRefused", SUBSCRIPTION_REFUSED);
                    }
                }
            }
        });
    }

    /** CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD -> BadUserNameOrPassword: an identifier, from the enum's own name. */
    static String refusal(MqttConnectReturnCode c) {
        String n = c.name().replace("CONNECTION_REFUSED_", "");
        StringBuilder out = new StringBuilder();
        for (String part : n.split("_")) {
            if (!part.isEmpty()) {
                out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out.toString();
    }
}
