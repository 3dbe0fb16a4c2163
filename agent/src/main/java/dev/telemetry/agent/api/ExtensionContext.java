package dev.telemetry.agent.api;

/** What an extension may do. Implemented by the agent; stable within an API version. */
public interface ExtensionContext {
    /** The API version this agent implements. Only additions are made within a version. */
    int API_VERSION = 1;

    int apiVersion();

    /**
     * Times every call of the target's methods and asks {@code reader} what each call was.
     *
     * @param target   {@code Class#method}, {@code pkg.*#method} or {@code Base+#method}, as in a profile file
     * @param argument the argument handed to the reader (0 for the first), or -1 for none
     * @param reader   names the command and the result of each call
     * @throws IllegalArgumentException when the target does not parse (the message says why)
     */
    void hook(String target, int argument, CallReader reader);

    /**
     * Shows the extension every call of the target's methods, without timing or counting them.
     *
     * @param argument the argument handed to the watcher, or -1 for none
     */
    void watch(String target, int argument, CallWatcher watcher);

    /**
     * A dispatch that was counted as a success turned out to fail, learned later (on any thread):
     * one more failure of {@code command} with this error, without another call being counted.
     * The names are validated like any other. It may come while the dispatch is still running (a refusal
     * written during it): the failure is kept, and a report never counts more failures than calls.
     */
    void failedLater(String command, String errorName, int code);
}
