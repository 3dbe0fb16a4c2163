package dev.telemetry.bench;

/** The startup benchmark's trivial host: its main only prints a line. */
public final class TrivialMain {
    private TrivialMain() {}

    public static void main(String[] args) {
        System.out.println("host says hello");
    }
}
