package dev.telemetry.agent.profile.path;

import dev.telemetry.contract.ReportNames;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The commands a profile allows: only these are recorded by name, everything else is
 * {@code unknown}. This is the privacy guarantee of a generic profile: whatever a client sends, only
 * a listed word can reach a report. Inline ({@code get;put}), from a file ({@code file:commands.txt},
 * one per line, {@code #} comments), or the constants of a server class ({@code constants:Class}: its
 * {@code static final String} values and the names of its {@code static final int} constants),
 * resolved on first use. Compared after the profile's case rule.
 */
public final class Vocabulary {
    public enum Case {
        AS_IS, LOWER, UPPER;

        public static Case parse(String v) {
            switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "as-is": return AS_IS;
                case "lower": return LOWER;
                case "upper": return UPPER;
                default:
                    throw new IllegalArgumentException("\"" + v.trim() + "\" is not a case rule; accepted: as-is, lower, upper");
            }
        }

        public String apply(String s) {
            return this == LOWER ? s.toLowerCase(Locale.ROOT) : this == UPPER ? s.toUpperCase(Locale.ROOT) : s;
        }

        public char apply(char c) {
            return this == LOWER ? Character.toLowerCase(c) : this == UPPER ? Character.toUpperCase(c) : c;
        }
    }

    private final String text;
    private final String constantsClass;
    private final Case rule;
    private volatile Set<String> words;

    private Vocabulary(String text, Set<String> words, String constantsClass, Case rule) {
        this.text = text;
        this.words = words;
        this.constantsClass = constantsClass;
        this.rule = rule;
    }

    /** {@code base} is the directory a relative {@code file:} is read from (null inside the agent jar: then the jar's own resource). */
    public static Vocabulary parse(String value, Case rule, Path base, Class<?> resources, String resourceDir) {
        String v = value.trim();
        if (v.startsWith("constants:")) {
            return new Vocabulary(v, null, v.substring("constants:".length()).trim(), rule);
        }
        List<String> lines;
        if (v.startsWith("file:")) {
            String name = v.substring("file:".length()).trim();
            lines = readLines(name, base, resources, resourceDir);
        } else {
            lines = java.util.Arrays.asList(v.split(";"));
        }
        Set<String> set = new HashSet<>();
        for (String line : lines) {
            String w = line.trim();
            if (w.isEmpty() || w.startsWith("#")) {
                continue;
            }
            if (!ReportNames.isCommand(w)) {
                throw new IllegalArgumentException("the vocabulary word \"" + w + "\" is not a command name"
                        + " (a letter, then up to 63 letters, digits, _ . : -)");
            }
            set.add(rule.apply(w));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary \"" + v + "\" lists no command");
        }
        return new Vocabulary(v, Collections.unmodifiableSet(set), null, rule);
    }

    private static List<String> readLines(String name, Path base, Class<?> resources, String resourceDir) {
        try {
            if (base != null || Path.of(name).isAbsolute()) {
                Path file = base == null ? Path.of(name) : base.resolve(name);
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
            try (java.io.InputStream in = resources.getResourceAsStream(resourceDir + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("the vocabulary file " + name + " is not in the agent jar");
                }
                return java.util.Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"));
            }
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cannot read the vocabulary file " + name + " (" + e.getMessage() + ")");
        }
    }

    /** True when the (already case-normalised) name is listed; a constants class is read on first use. */
    public boolean contains(String name, ClassLoader loader, Consumer<String> report) {
        Set<String> w = words;
        if (w == null) {
            w = resolve(loader, report);
        }
        return w.contains(name);
    }

    private synchronized Set<String> resolve(ClassLoader loader, Consumer<String> report) {
        if (words != null) {
            return words;
        }
        Set<String> set = new HashSet<>();
        try {
            Class<?> type = Class.forName(constantsClass, true, loader);
            for (Field f : type.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod)) {
                    continue;
                }
                f.setAccessible(true);
                if (f.getType() == String.class && f.get(null) != null) {
                    set.add(rule.apply((String) f.get(null)));
                } else if (f.getType() == int.class || f.getType() == long.class) {
                    set.add(rule.apply(f.getName()));
                }
            }
            if (set.isEmpty()) {
                report.accept("the class " + constantsClass + " has no static final String or int constants");
            }
        } catch (ClassNotFoundException | LinkageError e) {
            report.accept("the class " + constantsClass + " is not there");
        } catch (Throwable e) {
            report.accept("cannot read the constants of " + constantsClass + " (" + e + ")");
        }
        words = Collections.unmodifiableSet(set);
        return words;
    }

    @Override
    public String toString() {
        return text;
    }
}
