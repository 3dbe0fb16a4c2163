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
 * The per-call cost of the profile language's shapes, against the argument case: the same success
 * path read through an argument ({@code argument}), through a two-step path ({@code twoStepPath}) and
 * with a reply site ({@code replySite}). Run through {@link PathBenchmarkRunner}, which runs them with
 * no agent and with the agent (one profile file with the three hooks) and subtracts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PathBenchmark {

    @State(Scope.Benchmark)
    public static class Servers {
        public final Dispatcher dispatcher = new Dispatcher();
        public final RequestServer requests = new RequestServer();
        public final RequestServer.Request find = new RequestServer.Request("find");
        public final RequestServer.Session session = new RequestServer.Session();
        public String command = "find";
    }

    /** Today's argument case: the command is the first argument (command = arg0). */
    @Benchmark
    public void argument(Servers s, Blackhole bh) {
        bh.consume(s.dispatcher.handle(s.command));
    }

    /** The command two steps inside the request (command = arg0.header().command()). */
    @Benchmark
    public void twoStepPath(Servers s, Blackhole bh) {
        bh.consume(s.requests.handle(s.find));
    }

    /** The outcome is a reply code written by another method during the dispatch (reply site). */
    @Benchmark
    public void replySite(Servers s, Blackhole bh) {
        bh.consume(s.requests.handleWithReply(s.command, s.session));
    }
}
