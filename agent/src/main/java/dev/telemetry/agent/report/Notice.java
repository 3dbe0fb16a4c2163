package dev.telemetry.agent.report;

import java.time.Instant;

/**
 * One message the agent shows where a server's users look (log, startup warnings, JMX, CLI): its
 * kind, which gives a stable id and a severity, the text, and when it arose.
 */
public final class Notice {
    /** How serious: the agent's log level and MongoDB's structured-log severity letter. */
    public enum Severity {
        WARNING("W", "warning"), ERROR("E", "error");

        public final String letter;
        public final String word;

        Severity(String letter, String word) {
            this.letter = letter;
            this.word = word;
        }
    }

    /** The kinds of notice; an id is never reused for another kind (docs/agent.md, "On a MongoDB-compatible server"). */
    public enum Kind {
        UNDECIDED(8_840_100, Severity.WARNING),
        UNDECIDED_NEW_DATA(8_840_101, Severity.WARNING),
        UPDATE_AVAILABLE(8_840_110, Severity.WARNING),
        SECURITY_UPDATE(8_840_111, Severity.ERROR);

        public final int id;
        public final Severity severity;

        Kind(int id, Severity severity) {
            this.id = id;
            this.severity = severity;
        }
    }

    private final Kind kind;
    private final String text;
    private final Instant at;

    public Notice(Kind kind, String text, Instant at) {
        this.kind = kind;
        this.text = text;
        this.at = at;
    }

    public Kind kind() { return kind; }
    public String text() { return text; }
    public Instant at() { return at; }
    public Severity severity() { return kind.severity; }
}
