package dev.telemetry.bench;

import picocli.CommandLine;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * A tiny host the runner starts in a separate JVM, with an agent attached, before the benchmarks:
 * it calls {@link Dispatcher#handle} a known number of times so the runner can tell, from the agent's
 * own output, that the method really was instrumented (a benchmark that measures an agent which
 * silently instrumented nothing would flatter it).
 *
 * <p>With this project's agent it also reads the agent's metrics over JMX, in-process, and prints
 * them on a line starting with {@code METRICS }.
 */
@CommandLine.Command(name = "InstrumentationCheck", description = "Started by the runner in a JVM with an agent.")
public final class InstrumentationCheck implements Callable<Integer> {
    public static final int FIND_CALLS = 1000;
    public static final int FAIL_CALLS = 10;
    private static final String AGENT_MBEAN = "dev.telemetry:type=Agent";

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "AGENT",
            description = "the agent attached (telemetry-agent: print its metrics read over JMX)")
    String agent = "";

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new InstrumentationCheck(), args));
    }

    @Override
    public Integer call() throws Exception {
        boolean readAgentMetrics = agent.equals(JvmConfigurations.AGENT);
        Dispatcher d = new Dispatcher();
        String find = "find";
        for (int i = 0; i < FIND_CALLS; i++) {
            d.handle(find);
        }
        for (int i = 0; i < FAIL_CALLS; i++) {
            try {
                d.handle(Dispatcher.FAIL);
            } catch (Dispatcher.DispatchException expected) {
                // counted by the agent, if it is there
            }
        }
        System.out.println("CALLS find=" + FIND_CALLS + " fail=" + FAIL_CALLS);
        if (readAgentMetrics) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(AGENT_MBEAN);
            long end = System.currentTimeMillis() + 15_000;
            while (!server.isRegistered(name) && System.currentTimeMillis() < end) {
                Thread.sleep(100); // registered after the agent's start-delay
            }
            if (server.isRegistered(name)) {
                System.out.println(InstrumentationChecks.METRICS_LINE + server.getAttribute(name, "MetricsJson"));
            } else {
                System.out.println("METRICS unavailable: no MBean " + AGENT_MBEAN);
            }
        }
        System.out.flush();
        return 0;
    }
}
