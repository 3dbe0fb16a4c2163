package dev.telemetry.agent.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The option checks that catch a JDK exception. Apart from {@link ConfigLoader}: verifying a method's
 * exception handlers loads the exceptions' classes (not in the JDK's class-data archive), and most
 * starts set none of these options.
 */
final class ValueChecks {
    private ValueChecks() {}

    static boolean isOneGroupRegex(String value) {
        try {
            return Pattern.compile(value).matcher("").groupCount() == 1;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    static boolean isWholeNumber(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
