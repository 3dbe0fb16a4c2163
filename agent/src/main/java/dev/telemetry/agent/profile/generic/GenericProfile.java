package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.ErrorInfo;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.spec.HookSpec;
import dev.telemetry.agent.profile.spec.ProfileSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any JVM server, described by options: {@code dispatch=Class#method;...}, where the command comes
 * from ({@code command=} a path such as {@code arg0}, {@code arg1.getCommand()} or {@code method}),
 * paths or getters for the error code and name, and a regex for the operator. The options are
 * turned into the same hook description a profile file gives ({@link HookSpec}), one hook per
 * target, so both are read by one implementation ({@link SpecSite}).
 */
public final class GenericProfile extends SpecProfile {
    public static final String NAME = "generic";
    /** In a holder: compiled only when there are targets (a first regex costs milliseconds on the premain thread). */
    private static final class Targets {
        static final Pattern TARGET = Pattern.compile("([A-Za-z_$*][\\w$*]*(?:\\.[A-Za-z_$*][\\w$*]*)*\\+?)#([A-Za-z_$*][\\w$*]*)");
    }

    public GenericProfile(Metrics metrics, Config config) {
        super(spec(config), metrics);
    }

    /** The options as a profile: the one translation of dispatch, command and the error options. */
    static ProfileSpec spec(Config config) {
        List<HookSpec> hooks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (String[] t : parseTargets(config.get(Option.DISPATCH))) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("target", t[0] + "#" + t[1]);
            keys.put("command", config.get(Option.COMMAND).trim());
            keys.put("error-code", thrownPaths(config.get(Option.ERROR_CODE_GETTERS)));
            keys.put("error-name", thrownPaths(config.get(Option.ERROR_NAME_GETTERS)));
            if (!config.get(Option.OPERATOR_REGEX).isEmpty()) {
                keys.put("operator-regex", config.get(Option.OPERATOR_REGEX));
            }
            if (!config.get(Option.VOCABULARY).trim().isEmpty()) {
                keys.put("vocabulary", config.get(Option.VOCABULARY).trim());
            }
            String where = "option dispatch=" + t[0] + "#" + t[1];
            try {
                hooks.add(HookSpec.of("dispatch" + (n++), where, keys, null));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return new ProfileSpec(NAME, "the generic options (dispatch=...)", null, hooks, problems);
    }

    /** {@code getCode;getErrorCode} (getters tried on the thrown exception) or full paths. */
    static String thrownPaths(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(";")) {
            String g = s.trim();
            if (g.isEmpty()) {
                continue;
            }
            out.add(g.contains(".") || g.matches("(arg\\d+|this|return|thrown)") ? g : "thrown." + g + "()");
        }
        return String.join(";", out);
    }

    /** Checks {@code dispatch}; the message names what is wrong. Null when fine. */
    public static String checkTargets(String dispatch) {
        for (String t : dispatch.split(";")) {
            if (!t.trim().isEmpty() && !Targets.TARGET.matcher(t.trim()).matches()) {
                return "bad value \"" + t.trim() + "\" for dispatch; accepted: Class#method targets separated by ';',"
                        + " e.g. com.example.Server#handle, com.example.Server#handle* or com.example.Command+#execute";
            }
        }
        return null;
    }

    static List<String[]> parseTargets(String dispatch) {
        List<String[]> out = new ArrayList<>();
        for (String t : dispatch.split(";")) {
            Matcher m = Targets.TARGET.matcher(t.trim());
            if (m.matches()) {
                out.add(new String[]{m.group(1), m.group(2)});
            }
        }
        return out;
    }

    /** A String as is, an enum by its name, a Map by its first key; then validated. */
    static String commandName(Object raw) {
        Object name = raw;
        if (raw instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) raw;
            name = map.isEmpty() ? null : map.keySet().iterator().next();
        }
        if (name instanceof Enum) {
            return Names.genericCommand(((Enum<?>) name).name());
        }
        return name instanceof String ? Names.genericCommand((String) name) : ResultKey.UNKNOWN;
    }

    /** Problems found in the options' hooks (a path that does not parse, say). */
    public List<String> problems() {
        return spec().problems;
    }

    /** What a thrown exception is recorded as, by the first hook. */
    ErrorInfo error(Throwable thrown) {
        return ((SpecSite) hooks().get(0).site).error(thrown);
    }
}
