package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.CommandCache;
import dev.telemetry.agent.profile.ErrorInfo;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.Profile;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any JVM server, described by options: {@code dispatch=Class#method;...}, where the command name
 * comes from ({@code command=argN} or {@code command=method}), getters for the error code and name,
 * and a regex for the operator. Names are validated like any other (see {@link Names}).
 */
public final class GenericProfile implements Profile {
    public static final String NAME = "generic";
    private static final Pattern TARGET = Pattern.compile("([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)#([A-Za-z_$*][\\w$*]*)");

    private final Metrics metrics;
    private final CommandCache commands;
    private final List<String[]> targets;
    private final int commandSource;
    private final List<String> codeGetters;
    private final List<String> nameGetters;
    private final Pattern operatorPattern;
    private volatile boolean active;

    public GenericProfile(Metrics metrics, Config config) {
        this.metrics = metrics;
        this.commands = new CommandCache(metrics, GenericProfile::commandName);
        this.targets = parseTargets(config.get(Option.DISPATCH));
        String source = config.get(Option.COMMAND).trim();
        this.commandSource = source.equals("method") ? Hook.METHOD_NAME : Integer.parseInt(source.substring(3));
        this.codeGetters = list(config.get(Option.ERROR_CODE_GETTERS));
        this.nameGetters = list(config.get(Option.ERROR_NAME_GETTERS));
        String regex = config.get(Option.OPERATOR_REGEX);
        this.operatorPattern = regex.isEmpty() ? null : Pattern.compile(regex);
    }

    /** Checks {@code dispatch}; the message names what is wrong. Null when fine. */
    public static String checkTargets(String dispatch) {
        for (String t : dispatch.split(";")) {
            if (!t.trim().isEmpty() && !TARGET.matcher(t.trim()).matches()) {
                return "bad value \"" + t.trim() + "\" for dispatch; accepted: Class#method targets separated by ';',"
                        + " e.g. com.example.Server#handle or com.example.Server#handle*";
            }
        }
        return null;
    }

    static List<String[]> parseTargets(String dispatch) {
        List<String[]> out = new ArrayList<>();
        for (String t : dispatch.split(";")) {
            Matcher m = TARGET.matcher(t.trim());
            if (m.matches()) {
                out.add(new String[]{m.group(1), m.group(2)});
            }
        }
        return out;
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(";")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return Collections.unmodifiableList(out);
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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Hook> hooks() {
        List<Hook> hooks = new ArrayList<>();
        for (String[] t : targets) {
            hooks.add(new Hook(t[0], t[1], commandSource, -1, this::record));
        }
        return hooks;
    }

    @Override
    public void typeSeen(String typeName, ProtectionDomain domain) {
        active = true;
    }

    @Override
    public boolean active() {
        return active;
    }

    private void record(Object command, long nanos, Throwable thrown, Object returned) {
        // A Map argument is read for its first key on every call; Strings, enums and method names are cached.
        CommandCell cell = command instanceof Map ? metrics.command(commandName(command)) : commands.cell(command);
        if (thrown == null) {
            metrics.recordOk(cell, nanos);
            return;
        }
        ErrorInfo e = error(thrown);
        metrics.recordError(cell, nanos, e.operator, e.name, e.code);
    }

    ErrorInfo error(Throwable thrown) {
        int code = ResultKey.NO_CODE;
        for (String getter : codeGetters) {
            Object v = ErrorInfo.call(thrown, getter);
            if (v instanceof Number) {
                code = ((Number) v).intValue();
                break;
            }
        }
        String codeName = null;
        for (String getter : nameGetters) {
            Object v = ErrorInfo.call(thrown, getter);
            if (v instanceof String || v instanceof Enum) {
                codeName = v instanceof Enum ? ((Enum<?>) v).name() : (String) v;
                break;
            }
        }
        String operator = ResultKey.UNKNOWN;
        String message = ErrorInfo.message(thrown);
        if (operatorPattern != null && message != null) {
            Matcher m = operatorPattern.matcher(message);
            if (m.find()) {
                operator = Names.identifier(m.group(1));
            }
        }
        return new ErrorInfo(Names.errorName(codeName, thrown), code, operator);
    }
}
