package dev.telemetry.agent.profile.spec;

import java.util.regex.Pattern;

/**
 * Which methods a hook times: {@code Type#method}. The type is an exact class name
 * ({@code com.example.Server}), a simple wildcard ({@code com.example.cmd.*Command}: {@code *} is any
 * part of one name, {@code **} any run of names), or every subclass and implementation of a named
 * type ({@code com.example.Command+}); the method is a name, where {@code *} matches any part.
 */
public final class TargetPattern {
    public enum TypeMatch { EXACT, WILDCARD, SUBTYPES }

    private static final Pattern SHAPE = Pattern.compile(
            "([A-Za-z_$*][\\w$*]*(?:\\.[A-Za-z_$*][\\w$*]*)*)(\\+?)#([A-Za-z_$*][\\w$*]*)");

    public final String text;
    public final TypeMatch match;
    /** The class name (exact, or the named super type), in Java form. */
    public final String typeName;
    public final String methodPattern;
    private final Pattern typeRegex;

    private TargetPattern(String text, TypeMatch match, String typeName, String methodPattern) {
        this.text = text;
        this.match = match;
        this.typeName = typeName;
        this.methodPattern = methodPattern;
        this.typeRegex = match == TypeMatch.WILDCARD ? Pattern.compile(glob(typeName)) : null;
    }

    /** The exception's message says what is wrong and what is accepted. */
    public static TargetPattern parse(String text) {
        String t = text == null ? "" : text.trim();
        java.util.regex.Matcher m = SHAPE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + t + "\" is not a target; accepted: Class#method, e.g."
                    + " com.example.Server#handle, com.example.cmd.*#execute or com.example.Command+#execute");
        }
        String type = m.group(1);
        boolean subtypes = !m.group(2).isEmpty();
        boolean wildcard = type.contains("*");
        if (subtypes && wildcard) {
            throw new IllegalArgumentException("\"" + t + "\": a wildcard type cannot take '+'; name the super type exactly");
        }
        if (wildcard && type.replace("*", "").replace(".", "").isEmpty()) {
            throw new IllegalArgumentException("\"" + t + "\" would match every class; name a package");
        }
        TypeMatch match = subtypes ? TypeMatch.SUBTYPES : wildcard ? TypeMatch.WILDCARD : TypeMatch.EXACT;
        return new TargetPattern(t, match, type, m.group(3));
    }

    /** For a wildcard pattern: does this class (Java form) match. */
    public boolean matchesName(String className) {
        switch (match) {
            case EXACT: return typeName.equals(className);
            case WILDCARD: return typeRegex.matcher(className).matches();
            default: return false;
        }
    }

    private static String glob(String type) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '*') {
                boolean twice = i + 1 < type.length() && type.charAt(i + 1) == '*';
                out.append(twice ? ".*" : "[^.]*");
                if (twice) {
                    i++;
                }
            } else if (c == '.' || c == '$') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
