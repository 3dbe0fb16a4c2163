package dev.telemetry.testapp;

/** {@code --name value} and {@code --flag} options. */
final class Args {
    private final String[] args;

    Args(String[] args) {
        this.args = args;
    }

    String get(String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    boolean has(String flag) {
        for (String a : args) {
            if (a.equals("--" + flag)) {
                return true;
            }
        }
        return false;
    }
}
