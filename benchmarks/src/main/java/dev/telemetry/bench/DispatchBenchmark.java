package dev.telemetry.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The per-call cost of timing a dispatch method. Run through {@link BenchmarkRunner}, which runs
 * the same benchmarks with no agent, with this project's agent and with the OpenTelemetry agent,
 * and subtracts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark {

    /** One dispatcher shared by all threads, like a server's; its fields are only read. */
    @State(Scope.Benchmark)
    public static class Server {
        public final Dispatcher dispatcher = new Dispatcher();
        // Fields, not constants, so the JIT cannot fold the command into the call.
        public String find = "find";
        public String fail = Dispatcher.FAIL;
    }

    /** The success path: the agent's work on a normal return. */
    @Benchmark
    public void success(Server s, Blackhole bh) {
        bh.consume(s.dispatcher.handle(s.find));
    }

    /** The error path: the agent's work when the method throws (the exception is preallocated). */
    @Benchmark
    public void error(Server s, Blackhole bh) {
        try {
            bh.consume(s.dispatcher.handle(s.fail));
        } catch (Dispatcher.DispatchException e) {
            bh.consume(e);
        }
    }

    /** Two clock reads: the floor of what timing any call can cost. */
    @Benchmark
    public long nanoTimeFloor() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
