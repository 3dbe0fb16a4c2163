package dev.telemetry.agent.surface;

import dev.telemetry.agent.log.AgentLog;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the MBean. Never called from premain itself: the platform MBean server initialises
 * java.util.logging, which must be left to the host (application servers install their own
 * LogManager), so this runs on the agent's daemon thread after {@code start-delay}.
 */
public final class JmxRegistration {
    private JmxRegistration() {}

    public static void register(TelemetryAgentMXBean bean) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(TelemetryAgentMXBean.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
                AgentLog.debug("registered JMX MBean " + name);
            }
        } catch (Throwable e) {
            AgentLog.warn("could not register the JMX MBean (" + e + "); status is not visible over JMX");
        }
    }
}
