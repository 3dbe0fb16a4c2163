package dev.telemetry.agent.profile.spec;

import dev.telemetry.agent.profile.path.IntNames;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.path.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One dispatch method described declaratively: which methods, where the command comes from, which
 * answers are failures and what they are called. Built from a profile file's {@code hook.<id>.*}
 * keys or from the generic options; {@link #KEYS} is the whole language (docs/profiles.md lists it,
 * and a test holds the two together).
 */
public final class HookSpec {
    /** Every key a hook may have, with what it takes. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("target", "the methods to time: Class#method, pkg.*Suffix#method or Base+#method (required)");
        k.put("parameters", "only methods with exactly this many parameters");
        k.put("command", "a path to the command: argN, this, method or class, then .getter() / .field steps (default arg0)");
        k.put("command-regex", "a regex with one group that cuts the command out of a String (e.g. the first word of a line)");
        k.put("command-strip", "prefixes or suffixes removed from a class-name command, e.g. Command or Cmd (separated by ';')");
        k.put("command-names", "numbers to names: table:1=create;2=delete, constants:Class, method:Class#staticMethod");
        k.put("command-case", "as-is, lower or upper, applied before the vocabulary");
        k.put("vocabulary", "the only commands recorded by name: a;b;c, file:NAME or constants:Class");
        k.put("operator", "paths to the operator (an identifier), tried in order, separated by ';'");
        k.put("operator-regex", "a regex with one group that finds the operator in the exception's message");
        k.put("error-code", "paths to the error code, tried in order (thrown.getCode(), return.getErr(), arg1.status, ...)");
        k.put("error-name", "paths to the error's name, tried in order (thrown.getCodeName(), ...)");
        k.put("error-names", "codes to names: table:550=FileUnavailable, constants:Class, enum:Class#intGetter, method:Class#m");
        k.put("fail-when", "which codes are failures: >= 400, < 0, != 0, in 421;550, not in 0;200 (default != 0)");
        k.put("reply", "a method called during the dispatch, on the same thread, that writes the reply: Class#method");
        k.put("reply-code", "a path to the code in the reply method's call: argN or this, then steps (default arg0)");
        KEYS = Collections.unmodifiableMap(k);
    }

    public final String id;
    /** Names the place for messages: the profile file and the hook. */
    public final String where;
    public final TargetPattern target;
    public final int parameters;
    public final ValuePath command;
    public final Pattern commandRegex;
    public final List<String> commandStrip;
    public final IntNames commandNames;
    public final Vocabulary.Case commandCase;
    public final Vocabulary vocabulary;
    public final List<ValuePath> operator;
    public final Pattern operatorRegex;
    public final List<ValuePath> errorCode;
    public final List<ValuePath> errorName;
    public final IntNames errorNames;
    public final FailRule failWhen;
    public final TargetPattern reply;
    public final ValuePath replyCode;

    private HookSpec(String id, String where, Map<String, String> keys, Path base, Class<?> resources, String resourceDir) {
        this.id = id;
        this.where = where;
        for (String key : keys.keySet()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("unknown key " + key + "; accepted: " + String.join(", ", KEYS.keySet()));
            }
        }
        String t = keys.get("target");
        if (t == null || t.trim().isEmpty()) {
            throw new IllegalArgumentException("target is missing; e.g. target=com.example.Server#handle");
        }
        this.target = value(keys, "target", TargetPattern::parse);
        this.parameters = keys.containsKey("parameters") ? value(keys, "parameters", v -> {
            int n = Integer.parseInt(v.trim());
            if (n < 0 || n > 255) {
                throw new NumberFormatException();
            }
            return n;
        }) : -1;
        this.command = value(keys, "command", ValuePath::parse, "arg0");
        if (command.root() == ValuePath.Root.RETURN || command.root() == ValuePath.Root.THROWN) {
            throw new IllegalArgumentException("command=" + command + ": the command is read when the method starts;"
                    + " accepted roots: argN, this, method, class");
        }
        this.commandRegex = keys.containsKey("command-regex") ? value(keys, "command-regex", HookSpec::oneGroup) : null;
        this.commandStrip = keys.containsKey("command-strip") ? list(keys.get("command-strip")) : Collections.emptyList();
        this.commandNames = keys.containsKey("command-names") ? value(keys, "command-names", IntNames::parse) : null;
        this.commandCase = value(keys, "command-case", Vocabulary.Case::parse, "as-is");
        this.vocabulary = keys.containsKey("vocabulary")
                ? value(keys, "vocabulary", v -> Vocabulary.parse(v, commandCase, base, resources, resourceDir)) : null;
        this.operator = paths(keys, "operator");
        this.operatorRegex = keys.containsKey("operator-regex") ? value(keys, "operator-regex", HookSpec::oneGroup) : null;
        this.errorCode = paths(keys, "error-code");
        this.errorName = paths(keys, "error-name");
        this.errorNames = keys.containsKey("error-names") ? value(keys, "error-names", IntNames::parse) : null;
        this.failWhen = value(keys, "fail-when", FailRule::parse, "!= 0");
        this.reply = keys.containsKey("reply") ? value(keys, "reply", TargetPattern::parse) : null;
        this.replyCode = value(keys, "reply-code", ValuePath::parse, "arg0");
        if (replyCode.root() != ValuePath.Root.ARG && replyCode.root() != ValuePath.Root.THIS) {
            throw new IllegalArgumentException("reply-code=" + replyCode + ": accepted roots: argN or this");
        }
        if (keys.containsKey("reply-code") && reply == null) {
            throw new IllegalArgumentException("reply-code=" + replyCode + " needs reply=Class#method");
        }
        for (ValuePath p : exitPaths()) {
            if (p.root() == ValuePath.Root.METHOD || p.root() == ValuePath.Root.CLASS) {
                throw new IllegalArgumentException(p + ": method and class name the command only");
            }
        }
        if (resultArgument() == -2) {
            throw new IllegalArgumentException("error-code, error-name and operator may read one argument besides the command's;"
                    + " these read several: " + exitPaths());
        }
    }

    /** Builds a hook; the exception's message names the key and the value and says what is accepted. */
    public static HookSpec of(String id, String where, Map<String, String> keys, Path base) {
        return new HookSpec(id, where, keys, base, HookSpec.class, ProfileFiles.JAR_DIRECTORY);
    }

    static HookSpec of(String id, String where, Map<String, String> keys, Path base, Class<?> resources, String resourceDir) {
        return new HookSpec(id, where, keys, base, resources, resourceDir);
    }

    /** The paths read when the method ends. */
    public List<ValuePath> exitPaths() {
        List<ValuePath> out = new ArrayList<>(operator);
        out.addAll(errorCode);
        out.addAll(errorName);
        return out;
    }

    /**
     * The one argument (other than the command's) that paths read at exit, or -1 for none; -2 when
     * they would read several (the advice binds one).
     */
    public int resultArgument() {
        int found = -1;
        for (ValuePath p : exitPaths()) {
            if (p.root() == ValuePath.Root.ARG && p.argument() != commandArgument()) {
                if (found >= 0 && found != p.argument()) {
                    return -2;
                }
                found = p.argument();
            }
        }
        return found;
    }

    /** The argument the command's path starts from, or -1. */
    public int commandArgument() {
        return command.root() == ValuePath.Root.ARG ? command.argument() : -1;
    }

    /**
     * Whether the hook needs the per-thread frame: a reply site, or a target of several classes (an
     * implementation calling its super must count once). Roots beyond a plain argument need the
     * framed advice too; {@code SpecProfile.kind} decides that.
     */
    public boolean needsFrame() {
        return reply != null || target.match != TargetPattern.TypeMatch.EXACT;
    }

    private static Pattern oneGroup(String regex) {
        try {
            Pattern p = Pattern.compile(regex);
            if (p.matcher("").groupCount() != 1) {
                throw new IllegalArgumentException("the regex must have exactly one group");
            }
            return p;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regex (" + e.getDescription() + ")");
        }
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(";")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<ValuePath> paths(Map<String, String> keys, String key) {
        if (!keys.containsKey(key)) {
            return Collections.emptyList();
        }
        List<ValuePath> out = new ArrayList<>();
        for (String p : list(keys.get(key))) {
            out.add(value(Collections.singletonMap(key, p), key, ValuePath::parse));
        }
        return Collections.unmodifiableList(out);
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T value(Map<String, String> keys, String key, Parser<T> parser) {
        return value(keys, key, parser, null);
    }

    private static <T> T value(Map<String, String> keys, String key, Parser<T> parser, String fallback) {
        String v = keys.containsKey(key) ? keys.get(key) : fallback;
        try {
            return parser.parse(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not a whole number from 0 to 255");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + v + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return target.text;
    }
}
