package dev.telemetry.bench;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' command lines, parsed by picocli as the beacon's are: typed options checked once
 * before anything runs, unknown ones refused in one line (exit code 2), {@code --help} generated.
 * Every option's default can also be set by a system property named after it, as the benchmarks'
 * settings always were: {@code --warmup-iterations} is {@code -Dbench.warmupIterations}; an unknown
 * {@code -Dbench.*} property is refused like an unknown option.
 */
final class BenchCli {
    static final String PREFIX = "bench.";

    private BenchCli() {}

    /** Parses {@code args} into {@code command} and runs it; the exit code. */
    static int execute(Object command, String... args) {
        return execute(commandLine(command), args);
    }

    static int execute(CommandLine cl, String... args) {
        List<String> unknown = unknownProperties(cl);
        if (!unknown.isEmpty()) {
            cl.getErr().println("unknown setting " + String.join(", ", unknown) + " (see --help for the options; each -D"
                    + PREFIX + "name sets the default of --name)");
            return 2;
        }
        return cl.execute(args);
    }

    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setUsageHelpWidth(110);
        cl.setDefaultValueProvider(new SystemPropertyDefaults());
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    /** The system property that sets an option's default: {@code --warmup-iterations} is {@code bench.warmupIterations}. */
    static String property(String option) {
        StringBuilder b = new StringBuilder(PREFIX);
        boolean upper = false;
        for (char c : option.replaceFirst("^--", "").toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static List<String> unknownProperties(CommandLine cl) {
        List<String> known = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            known.add(property(o.longestName()));
        }
        List<String> unknown = new ArrayList<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !known.contains(key)) {
                unknown.add("-D" + key);
            }
        }
        return unknown;
    }

    /** An option's default: its system property when set, else the one it declares. */
    static final class SystemPropertyDefaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec o) {
                String v = System.getProperty(property(o.longestName()));
                if (v != null) {
                    return v;
                }
            }
            return arg.defaultValue();
        }
    }

    /** {@code -h}, {@code --help}: the generated usage. */
    static final class Help {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    /** A whole number from 1 up. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new TypeConversionException("a whole number from 1 up, not \"" + v + "\"");
        }
    }
}
