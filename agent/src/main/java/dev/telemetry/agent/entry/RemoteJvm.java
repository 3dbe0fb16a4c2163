package dev.telemetry.agent.entry;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.telemetry.agent.surface.TelemetryAgentMXBean;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The CLI's side of a running JVM, through the JDK attach API: load the agent, list JVMs, read the
 * agent's MBean. Kept apart from {@link Cli} so a runtime without {@code jdk.attach} fails here with
 * a clear message instead of at class loading.
 */
final class RemoteJvm {
    private RemoteJvm() {}

    static int attach(String pidText, String options, PrintStream out, PrintStream err) {
        Long pid = pid(pidText, err);
        if (pid == null) {
            return 2;
        }
        if (!attachAvailable(err)) {
            return 1;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(pidText);
            try {
                String installed = vm.getSystemProperties().getProperty(AgentStarter.INSTALLED_PROPERTY);
                if (installed != null) {
                    err.println("process " + pid + " already runs the telemetry agent (version " + installed + "); nothing done");
                    return 1;
                }
                vm.loadAgent(ownJar().getAbsolutePath(), options);
            } finally {
                vm.detach();
            }
            out.println("attached the telemetry agent to process " + pid);
            return 0;
        } catch (Exception e) {
            err.println(refused(pid, e));
            return 1;
        }
    }

    static int list(PrintStream out, PrintStream err) {
        if (!attachAvailable(err)) {
            return 1;
        }
        long self = ProcessHandle.current().pid();
        out.println(String.format("%-8s %-9s %s", "PID", "AGENT", "MAIN"));
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(Long.toString(self))) {
                continue;
            }
            String agent;
            try {
                VirtualMachine vm = VirtualMachine.attach(d);
                try {
                    String v = vm.getSystemProperties().getProperty(AgentStarter.INSTALLED_PROPERTY);
                    agent = v == null ? "no" : "yes " + v;
                } finally {
                    vm.detach();
                }
            } catch (Exception e) {
                agent = "?";
            }
            String main = d.displayName().trim().split("\\s+")[0];
            out.println(String.format("%-8s %-9s %s", d.id(), agent, main.isEmpty() ? "-" : main));
        }
        return 0;
    }

    /** What one CLI command does with the agent's MBean in another JVM. */
    interface MBeanCall {
        int run(TelemetryAgentMXBean agent, PrintStream out, PrintStream err);
    }

    static int metrics(String pidText, PrintStream out, PrintStream err) {
        return withAgent(pidText, out, err, (agent, o, e) -> {
            o.println(agent.getMetricsJson());
            return 0;
        });
    }

    static int preview(String pidText, PrintStream out, PrintStream err) {
        return withAgent(pidText, out, err, (agent, o, e) -> {
            o.println(agent.getNextReportJson());
            return 0;
        });
    }

    static int status(String pidText, PrintStream out, PrintStream err) {
        return withAgent(pidText, out, err, (a, o, e) -> {
            o.println("state:            " + a.getState());
            o.println("locked:           " + (a.isLocked() ? "yes" : "no"));
            o.println("decided by:       " + a.getDecidedBy());
            o.println("uuid:             " + a.getUuid());
            o.println("state file:       " + a.getStateFile());
            o.println("profile:          " + a.getProfile() + " " + a.getProfileFacts());
            o.println("chosen because:   " + a.getProfileReason());
            o.println("reports go to:    " + a.getDestination());
            o.println("last report:      " + orDash(a.getLastReportTime()) + " (" + a.getLastResult() + ")");
            o.println("next report:      " + orDash(a.getNextReportTime()));
            o.println("latest version:   " + orDash(a.getLatestVersion()));
            o.println("update available: " + (a.isUpdateAvailable() ? "yes" : "no"));
            o.println("security update:  " + (a.isSecurityUpdate() ? "yes" : "no"));
            o.println("update info:      " + orDash(a.getUpdateInfo()));
            String notice = a.getNotice();
            boolean graded = "error".equals(a.getNoticeSeverity());
            for (String w : a.getStartupWarnings()) {
                // the security notice is shown at its higher severity
                o.println((graded && w.equals(notice) ? "error:            " : "warning:          ") + w);
            }
            o.println("agent version:    " + a.getAgentVersion());
            String[] hooks = a.getHooks();
            if (hooks.length > 0) {
                o.println("hooks:");
                for (String h : hooks) {
                    o.println("  " + h);
                }
            }
            return 0;
        });
    }

    static int change(String pidText, boolean enable, PrintStream out, PrintStream err) {
        return withAgent(pidText, out, err, (a, o, e) -> {
            try {
                o.println(enable ? a.enable() : a.disable());
                return 0;
            } catch (RuntimeException ex) {
                Throwable cause = ex;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                e.println(cause.getMessage());
                return 1;
            }
        });
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Connects to the agent's MBean in process {@code pid} (starting its local JMX agent if needed) and runs the call. */
    private static int withAgent(String pidText, PrintStream out, PrintStream err, MBeanCall call) {
        Long pid = pid(pidText, err);
        if (pid == null) {
            return 2;
        }
        if (!attachAvailable(err)) {
            return 1;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(pidText);
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName(TelemetryAgentMXBean.OBJECT_NAME);
                if (!server.isRegistered(name)) {
                    err.println("process " + pid + ": the telemetry agent's MBean is not registered there"
                            + " (not running the agent, or still within start-delay)");
                    return 1;
                }
                return call.run(JMX.newMXBeanProxy(server, name, TelemetryAgentMXBean.class), out, err);
            }
        } catch (Exception e) {
            err.println(refused(pid, e));
            return 1;
        }
    }

    private static Long pid(String text, PrintStream err) {
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            err.println("\"" + text + "\" is not a process id");
            return null;
        }
        if (!ProcessHandle.of(pid).isPresent()) {
            err.println("no such process: " + pid);
            return null;
        }
        return pid;
    }

    private static boolean attachAvailable(PrintStream err) {
        if (ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            return true;
        }
        err.println("this Java runtime has no jdk.attach module (a JRE or a trimmed image); run the CLI with a full JDK");
        return false;
    }

    private static String refused(long pid, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof AttachNotSupportedException || e instanceof IOException) {
            return "attach to process " + pid + " refused: " + why
                    + " (the target must run as the same user, on a JVM that allows attach;"
                    + " see README.md \"Attach to a running process\")";
        }
        return "attach to process " + pid + " failed: " + e;
    }

    static File ownJar() throws Exception {
        return new File(RemoteJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
