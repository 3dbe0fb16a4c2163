package dev.telemetry.agent.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started for a test, with the built agent jar given by {@code -javaagent:}. Its class path is
 * the test class path without the agent's own classes and libraries, so the agent runs only from the
 * shaded jar, exactly as a user would run it.
 */
public final class ForkedJvm implements AutoCloseable {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("telemetry.jar", "target/telemetry.jar")).toAbsolutePath();
    public static final Path WORK = Paths.get(System.getProperty("telemetry.testWork", "target/it-work")).toAbsolutePath();

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private ForkedJvm(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The host's class path: test classes and test libraries, never the agent's classes or its libraries. */
    public static String hostClassPath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            // failsafe puts the built jar itself (or target/classes) on the test class path
            boolean agentClasses = entry.replace('\\', '/').endsWith("target/classes")
                    || Paths.get(entry).toAbsolutePath().equals(AGENT_JAR);
            // the agent's own jars, its test helpers and extensions reach a host only as the agent gives them
            boolean agentLib = name.startsWith("byte-buddy") || name.startsWith("jackson-core")
                    || name.startsWith("telemetry") || name.startsWith("example-extension");
            if (!agentClasses && !agentLib) {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static final class Builder {
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private final List<String> removeEnv = new ArrayList<>(Arrays.asList("DO_NOT_TRACK"));
        private String classPath = hostClassPath();
        private String agentOptions;
        private Path agentJar = AGENT_JAR;
        private boolean withAgent = true;

        Builder(String mainClass) {
            this.mainClass = mainClass;
        }

        public Builder agentOptions(String options) { this.agentOptions = options; return this; }
        public Builder agentJar(Path jar) { this.agentJar = jar; return this; }
        public Builder noAgent() { this.withAgent = false; return this; }
        public Builder jvmArg(String arg) { jvmArgs.add(arg); return this; }
        public Builder arg(String arg) { args.add(arg); return this; }
        public Builder env(String name, String value) { env.put(name, value); return this; }
        public Builder classPath(String cp) { this.classPath = cp; return this; }

        public ForkedJvm start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(java());
            cmd.add("-Xshare:auto");
            if (withAgent) {
                cmd.add("-javaagent:" + agentJar + (agentOptions != null ? "=" + agentOptions : ""));
            }
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            removeEnv.forEach(pb.environment()::remove);
            pb.environment().keySet().removeIf(k -> k.startsWith("TELEMETRY_"));
            pb.environment().putAll(env);
            return new ForkedJvm(pb.start());
        }
    }

    private static void pump(java.io.InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits (bounded) for a stdout line that matches, and returns it. */
    public String awaitStdout(Predicate<String> match, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            for (String line : stdout) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && stdout.stream().noneMatch(match)) {
                Thread.sleep(100);
                for (String line : stdout) {
                    if (match.test(line)) return line;
                }
                throw new AssertionError("process exited with " + process.exitValue() + " before printing the line; stdout="
                        + stdout + " stderr=" + stderr);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for a line; stdout=" + stdout + " stderr=" + stderr);
    }

    /** Closes the host's stdin (fixtures stop on that) and waits for it to exit. */
    public int stop(long timeoutMillis) throws Exception {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        return waitFor(timeoutMillis);
    }

    public int waitFor(long timeoutMillis) throws Exception {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not exit in " + timeoutMillis + " ms; stdout=" + stdout + " stderr=" + stderr);
        }
        Thread.sleep(50); // let the pumps drain
        return process.exitValue();
    }

    public List<String> stdout() { return stdout; }
    public List<String> stderr() { return stderr; }

    /** Agent lines only. */
    public List<String> agentLines() {
        List<String> out = new ArrayList<>();
        for (String l : stderr) {
            if (l.startsWith("[telemetry-agent] ")) out.add(l);
        }
        return out;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Runs {@code java -jar telemetry.jar <args>} and returns exit code, stdout and stderr. */
    public static Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(java(), "-jar", AGENT_JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DO_NOT_TRACK");
        pb.environment().keySet().removeIf(k -> k.startsWith("TELEMETRY_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI timed out: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    public static final class Result {
        public final int exit;
        public final String out;
        public final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit=" + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    public static Path freshDir(String name) throws IOException {
        Path dir = WORK.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return dir;
    }
}
