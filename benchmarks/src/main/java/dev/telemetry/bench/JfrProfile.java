package dev.telemetry.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Where a beacon's CPU time went, from a JFR recording's execution samples, by the beacon's own steps:
 * {@code java -cp benchmarks.jar dev.telemetry.bench.JfrProfile recording.jfr}. A sample counts for the
 * innermost step on its stack; database work inside a step is counted apart as that step's database time.
 */
@CommandLine.Command(name = "java -cp benchmarks.jar dev.telemetry.bench.JfrProfile",
        description = "Where a beacon's CPU time went, from a JFR recording (benchmarks/beacon-load.sh with BEACON_BENCH_PROFILE=1).")
public final class JfrProfile implements Callable<Integer> {
    @CommandLine.Mixin
    BenchCli.Help help;

    @CommandLine.Parameters(index = "0", paramLabel = "RECORDING.jfr", description = "the recording")
    Path recording;

    /** Innermost first: the first of these methods found on a stack (from its top) names the step. */
    private static final List<String[]> STEPS = List.of(
            new String[]{"store.Changes.decode", "fold: reading pending additions"},
            new String[]{"store.Changes.writeAdds", "fold: writing aggregates"},
            new String[]{"store.Changes.update", "fold: writing aggregates"},
            new String[]{"store.Changes.insert", "fold: writing aggregates"},
            new String[]{"store.Changes.bindRow", "fold: writing aggregates"},
            new String[]{"store.Folder.", "fold: writing aggregates"},
            new String[]{"store.Changes.encode", "ingest: encoding pending additions"},
            new String[]{"store.RunMetrics.toJson", "ingest: encoding the run's metrics"},
            new String[]{"store.GapLedger.", "ingest: gap ledger"},
            new String[]{"store.Changes.writeLedger", "ingest: gap ledger"},
            new String[]{"store.Changes.newest", "ingest: gap ledger"},
            new String[]{"store.Changes.", "ingest: computing additions"},
            new String[]{"store.Rollup.", "ingest: computing additions"},
            new String[]{"store.RunMetrics.", "ingest: computing additions"},
            new String[]{"store.Ingest.", "ingest: statements"},
            new String[]{"store.GroupCommit.", "ingest: group commit (queue, hand-over)"},
            new String[]{"ingest.ReportParser.", "parsing and validating the report"},
            new String[]{"geo.", "deriving from the address"},
            new String[]{"http.BeaconServer.", "handling the request (limits, reply)"},
            new String[]{"dashboard.", "dashboard"});

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new JfrProfile(), args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> by = new TreeMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String step = null;
            boolean database = false;
            for (RecordedFrame f : frames) {
                String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                if (m.startsWith("org.h2.") || m.startsWith("org.postgresql.") || m.startsWith("com.zaxxer.hikari.")) {
                    database = true;
                }
                if (m.startsWith("dev.telemetry.beacon.")) {
                    String rest = m.substring("dev.telemetry.beacon.".length());
                    for (String[] s : STEPS) {
                        if (rest.startsWith(s[0])) {
                            step = s[1];
                            break;
                        }
                    }
                    if (step != null) {
                        break;
                    }
                }
            }
            String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
            if (step == null) {
                step = database ? "database, background (" + (thread.startsWith("H2") || thread.startsWith("MVStore") ? "H2's writer" : thread) + ")"
                        : thread.startsWith("JettyServerThreadPool") || thread.startsWith("qtp") ? "HTTP server (Jetty, Javalin)" : "other (" + thread.replaceAll("[-\\d]+$", "") + ")";
            } else if (database && !step.startsWith("fold: reading")) {
                step += ", in the database driver";
            }
            by.merge(step, 1, Integer::sum);
        }
        int n = Math.max(1, total);
        System.out.printf(Locale.ROOT, "where the beacon's CPU went (%d samples):%n", total);
        by.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(16)
                .forEach(x -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * x.getValue() / n, x.getKey()));
        return 0;
    }
}
