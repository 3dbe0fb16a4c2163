package dev.telemetry.agent.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The resolved options: one value per key, and where it came from. Immutable. */
public final class Config {
    private final Map<Option, String> values;
    private final Map<Option, String> sources;

    Config(Map<Option, String> values, Map<Option, String> sources) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
    }

    public String get(Option option) {
        return values.get(option);
    }

    /** Where the value came from, in words: "agent option", "system property telemetry.x", ... */
    public String source(Option option) {
        return sources.get(option);
    }

    public boolean isSet(Option option) {
        return !ConfigLoader.SOURCE_DEFAULT.equals(sources.get(option));
    }

    public Duration duration(Option option) {
        return Durations.parse(get(option)); // validated by the loader
    }

    /** A duration option in milliseconds, without {@code java.time} (for the premain thread). */
    public long millis(Option option) {
        return Durations.millis(get(option)); // validated by the loader
    }

    public int integer(Option option) {
        return Integer.parseInt(get(option).trim());
    }

    public boolean flag(Option option) {
        return Boolean.parseBoolean(get(option).trim());
    }

    /** Trimmed and lower-cased, for word-valued options. */
    public String word(Option option) {
        return get(option).trim().toLowerCase(java.util.Locale.ROOT);
    }

    public TelemetryChoice telemetry() {
        return TelemetryChoice.parse(get(Option.TELEMETRY));
    }
}
