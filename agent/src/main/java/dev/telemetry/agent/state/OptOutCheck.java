package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Environment;

/**
 * One reason telemetry is forced off whatever the options say. Checked before anything else; the
 * first check that fires decides.
 */
interface OptOutCheck {

    /** The cause in words (e.g. {@code DO_NOT_TRACK=1}), or null when this check does not fire. */
    String cause(Environment env, AppIdentity identity, java.util.List<String> warnings);
}
