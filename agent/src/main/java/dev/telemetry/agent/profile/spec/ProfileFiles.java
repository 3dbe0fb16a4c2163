package dev.telemetry.agent.profile.spec;

import dev.telemetry.agent.config.AgentJar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads profile files ({@code *.profile}): those inside the agent jar under
 * {@value #JAR_DIRECTORY} (a vendor who redistributes the agent drops theirs in), those in a
 * directory named by {@code profile-dir}, and those named by {@code profile-file}.
 * <p>
 * The format is deliberately plain: {@code key = value} lines, {@code #} comments, values taken
 * literally (no escapes, so a regex is written as it is). Top-level keys are {@code name} and
 * {@code marker}; a hook's keys are {@code hook.<id>.<key>} (see {@link HookSpec#KEYS}). A mistake
 * leaves out only the hook it is in, with one line naming the file, the key and the value.
 */
public final class ProfileFiles {
    public static final String JAR_DIRECTORY = "/dev/telemetry/agent/profiles/";
    static final String SUFFIX = ".profile";
    static final int MAX_BYTES = 256 * 1024;

    private ProfileFiles() {}

    /** The profiles inside the agent's own jar (or classes directory, in the agent's own tests). */
    public static List<ProfileSpec> inAgentJar(List<String> problems) {
        List<ProfileSpec> out = new ArrayList<>();
        try {
            Path location = AgentJar.location();
            if (location == null) {
                return out;
            }
            String dir = JAR_DIRECTORY.substring(1);
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(location)) {
                Path d = location.resolve(dir);
                if (Files.isDirectory(d)) {
                    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*" + SUFFIX)) {
                        s.forEach(p -> names.add(p.getFileName().toString()));
                    }
                }
            } else {
                List<String> found = AgentJar.resourcesUnder(dir);
                for (String n : found) {
                    if (n.startsWith(dir) && n.endsWith(SUFFIX) && n.indexOf('/', dir.length()) < 0) {
                        names.add(n.substring(dir.length()));
                    }
                }
            }
            if (names.size() > 1) {
                Collections.sort(names);
            }
            for (String n : names) {
                byte[] b = AgentJar.read(JAR_DIRECTORY + n); // the agent's own jar, as listed
                if (b != null) {
                    out.add(parse(text(b), "agent jar: " + n, null));
                }
            }
        } catch (Exception e) {
            problems.add("cannot list the profiles inside the agent jar (" + e + ")");
        }
        return out;
    }

    /** Every {@code *.profile} in the directory, by name. */
    public static List<ProfileSpec> inDirectory(Path dir, List<String> problems) {
        List<ProfileSpec> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add("profile-dir=" + dir + ": not a directory");
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            s.forEach(files::add);
        } catch (IOException e) {
            problems.add("profile-dir=" + dir + ": cannot list it (" + e.getMessage() + ")");
        }
        Collections.sort(files);
        for (Path f : files) {
            ProfileSpec p = file(f, problems);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** One file; null (with a line in problems) when it cannot be read. */
    public static ProfileSpec file(Path file, List<String> problems) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.add("profile file " + file + ": larger than " + MAX_BYTES / 1024 + " KiB");
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                Path base = file.toAbsolutePath().getParent();
                return parse(read(in), "profile file " + file, base);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("profile file " + file + ": cannot read it (" + e.getMessage() + ")");
            return null;
        }
    }

    private static String read(InputStream in) throws IOException {
        return text(in.readNBytes(MAX_BYTES + 1));
    }

    private static String text(byte[] b) throws IOException {
        if (b.length > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES / 1024 + " KiB");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Parses one file's text; {@code base} resolves a relative {@code vocabulary=file:} (null: next to it in the jar). */
    public static ProfileSpec parse(String text, String origin, Path base) {
        List<String> problems = new ArrayList<>();
        String name = null;
        String marker = null;
        Map<String, Map<String, String>> hooks = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = origin + ", line " + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(at + "\"" + line + "\" is not key = value");
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.equals("name")) {
                if (!value.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                    problems.add(at + "name=" + value + ": accepted: lower-case letters, digits, . _ - (at most 64)");
                } else {
                    name = value;
                }
            } else if (key.equals("marker")) {
                if (!value.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                    problems.add(at + "marker=" + value + ": not a class name");
                } else {
                    marker = value;
                }
            } else if (key.startsWith("hook.") && key.indexOf('.', 5) > 5) {
                String id = key.substring(5, key.indexOf('.', 5));
                String hookKey = key.substring(key.indexOf('.', 5) + 1);
                Map<String, String> h = hooks.computeIfAbsent(id, k -> new LinkedHashMap<>());
                if (h.containsKey(hookKey)) {
                    problems.add(at + key + " is given twice; the hook hook." + id + " is left out");
                    h.put("\u0000duplicate", "");
                }
                h.put(hookKey, value);
            } else {
                problems.add(at + "unknown key " + key + "; accepted: name, marker, hook.<id>.<key>");
            }
        }
        if (name == null) {
            problems.add(origin + ": no name = ... line; the file is left out");
            return new ProfileSpec("unnamed", origin, marker, new ArrayList<>(), problems);
        }
        List<HookSpec> specs = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> h : hooks.entrySet()) {
            if (h.getValue().containsKey("\u0000duplicate")) {
                continue;
            }
            String where = origin + ", hook." + h.getKey();
            try {
                specs.add(HookSpec.of(h.getKey(), where, h.getValue(), base));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage() + "; this hook is left out");
            }
        }
        if (hooks.isEmpty()) {
            problems.add(origin + ": no hook.<id>.target line; the profile times nothing");
        }
        return new ProfileSpec(name, origin, marker, specs, problems);
    }

}
