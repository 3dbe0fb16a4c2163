package dev.telemetry.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.telemetry.contract.ReportFields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Before the runs, in separate JVMs ({@link InstrumentationCheck}): does each agent really instrument
 * {@link Dispatcher#handle}? A benchmark of an agent that silently instrumented nothing would flatter it.
 */
final class InstrumentationChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How {@link InstrumentationCheck} prints the agent's metrics (the JMX attribute MetricsJson). */
    static final String METRICS_LINE = "METRICS ";

    private InstrumentationChecks() {}

    /** The metrics JSON {@link InstrumentationCheck} printed, or a missing node when there is none. */
    static JsonNode metrics(String out) {
        for (String line : out.split("\\R")) {
            if (line.startsWith(METRICS_LINE + "{")) {
                try {
                    return JSON.readTree(line.substring(METRICS_LINE.length()));
                } catch (JsonProcessingException e) {
                    return MissingNode.getInstance();
                }
            }
        }
        return MissingNode.getInstance();
    }

    /** Our agent, at debug level, in a separate JVM: did it say it instrumented Dispatcher, and count the calls? */
    static String checkTelemetryAgent(BenchSettings s) throws IOException, InterruptedException {
        Path stateDir = s.outDir().resolve("telemetry-state-check");
        Files.createDirectories(stateDir);
        String out = java(List.of("-javaagent:" + s.agentJar() + "=" + JvmConfigurations.agentOptions(stateDir, "debug") + ",start-delay=0s"),
                JvmConfigurations.AGENT);
        boolean said = out.contains("instrumented " + Dispatcher.class.getName());
        JsonNode commands = metrics(out).path(ReportFields.COMMANDS);
        long find = commands.path("find").path(ReportFields.Command.COUNT).asLong(-1);
        long failFailures = commands.path(Dispatcher.FAIL).path(ReportFields.Command.FAILURES).asLong(-1);
        boolean ok = said && find == InstrumentationCheck.FIND_CALLS && failFailures == InstrumentationCheck.FAIL_CALLS;
        String verdict = String.format(Locale.ROOT,
                "%s: %s (debug log \"instrumented %s\": %s; JMX metrics: find count=%d of %d, fail failures=%d of %d)",
                JvmConfigurations.AGENT, ok ? "instruments Dispatcher.handle" : "CHECK FAILED", Dispatcher.class.getSimpleName(),
                said ? "yes" : "no", find, InstrumentationCheck.FIND_CALLS, failFailures, InstrumentationCheck.FAIL_CALLS);
        if (!ok) {
            System.err.println("[bench] telemetry-agent check output:\n" + out);
        }
        return verdict;
    }

    /** The OpenTelemetry agent with the console exporter, in a separate JVM: one span per call? */
    static String checkOpenTelemetry(BenchSettings s) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add("-javaagent:" + s.otelJar());
        args.addAll(JvmConfigurations.otelProperties("console"));
        String out = java(args, JvmConfigurations.OTEL);
        int spans = 0;
        for (String line : out.split("\\R")) {
            if (line.contains("'" + Dispatcher.class.getSimpleName() + ".handle'")) {
                spans++;
            }
        }
        int calls = InstrumentationCheck.FIND_CALLS + InstrumentationCheck.FAIL_CALLS;
        boolean ok = spans == calls;
        if (!ok) {
            System.err.println("[bench] opentelemetry check output (last 4000 chars):\n"
                    + out.substring(Math.max(0, out.length() - 4000)));
        }
        return String.format(Locale.ROOT,
                "%s: %s (console exporter: %d spans named '%s.handle' for %d calls, %d of them failing)",
                JvmConfigurations.OTEL, ok ? "instruments Dispatcher.handle" : "CHECK FAILED", spans, Dispatcher.class.getSimpleName(),
                calls, InstrumentationCheck.FAIL_CALLS);
    }

    private static String java(List<String> jvmArgs, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InstrumentationCheck.class.getName());
        cmd.add(mode);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        reader.join(10_000);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
