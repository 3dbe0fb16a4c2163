package dev.telemetry.beacon.store;

import dev.telemetry.beacon.BeaconOptions;
import dev.telemetry.beacon.ingest.Report;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Fills an empty beacon database with the reports of an {@link InstalledBase}, to see the dashboard
 * at scale:
 * <pre>
 * java -cp beacon.jar dev.telemetry.beacon.store.Seeder --data-dir DIR [--installations 100000] [--days 30]
 *      [--seed 1] [--mode bulk|ingest]
 * </pre>
 * The database is the embedded one the beacon opens with the same {@code --data-dir}; one that already
 * holds data is refused.
 *
 * <p>{@code ingest} hands every report to {@link Store#ingest} in the order the beacon would receive
 * them: the beacon's own path, but slow, and all reports are held in memory first; for small bases.
 * {@code bulk} takes each installation's reports through the same {@link Rollup} steps as
 * {@code Store.ingest}, with the state it reads from the database (the installation as last seen, each
 * run's previous counts, the gap ledger) kept in memory instead, and writes the aggregate tables, the
 * gap ledger and one installations row each with INSERTs only. Bulk writes no runs (nor their
 * metrics): the dashboard does not read them. SeederTest holds both modes to the same tables.
 */
public final class Seeder {
    enum Mode { BULK, INGEST }

    /** What a seed wrote. */
    record Seeded(int installations, long reports) {}

    static final List<String> TABLES = List.of("installations", "runs", "active_by",
            "daily_active", "daily_commands", "daily_results", "installation_gaps", "gaps_by");

    private Seeder() {}

    public static void main(String[] args) {
        System.exit(commandLine(new Command()).execute(args));
    }

    static CommandLine commandLine(Command command) {
        CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("seeder: " + e.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    /** The seeder's command line, checked by picocli as the beacon's own. */
    @CommandLine.Command(name = "java -cp beacon.jar:beacon-fixtures.jar dev.telemetry.beacon.store.Seeder",
            mixinStandardHelpOptions = true, description = "Fills an empty embedded beacon database with a generated installed base.")
    static final class Command implements Callable<Integer> {
        @CommandLine.Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the beacon's --data-dir")
        Path dir;

        @CommandLine.Option(names = "--installations", defaultValue = "100000", paramLabel = "N",
                description = "installations to generate; default ${DEFAULT-VALUE}")
        int installations;

        @CommandLine.Option(names = "--days", defaultValue = "30", paramLabel = "D", description = "days of reports; default ${DEFAULT-VALUE}")
        int days;

        @CommandLine.Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "the generator's seed; default ${DEFAULT-VALUE}")
        long seed;

        @CommandLine.Option(names = "--mode", defaultValue = "bulk", paramLabel = "bulk|ingest",
                description = "bulk (fast, INSERTs only) or ingest (the beacon's own path); default ${DEFAULT-VALUE}")
        Mode mode;

        @Override
        public Integer call() throws Exception {
            if (installations < 1 || days < 1) {
                System.err.println("seeder: --installations and --days must be 1 or more");
                return 2;
            }
            return run(dir, installations, days, seed, mode);
        }
    }

    private static int run(Path dir, int installations, int days, long seed, Mode mode) throws Exception {
        Files.createDirectories(dir);
        String url = BeaconOptions.parse(new String[]{"--data-dir", dir.toString()}, Map.of()).jdbcUrl();
        long t0 = System.nanoTime();
        try (Store store = new Store(url, null, null)) {
            Seeded s = seed(store, new InstalledBase(seed, days, Instant.now()), installations, mode);
            System.out.printf("seeded %d installations, %d reports over %d days (%s) in %.1f s into %s%n", s.installations(),
                    s.reports(), days, mode.name().toLowerCase(Locale.ROOT), (System.nanoTime() - t0) / 1e9,
                    dir.toAbsolutePath().normalize());
            rowCounts(store).forEach((table, n) -> System.out.printf("  %-18s %,12d rows%n", table, n));
        } catch (IllegalStateException e) {
            System.err.println("seeder: " + e.getMessage());
            return 1;
        }
        // a bulk seed is one large transaction that leaves most of the file unused: compact it to what ingesting leaves
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        System.out.printf("compacted: %,d MB in %.1f s in all%n", Files.size(dir.resolve("beacon.mv.db")) >> 20,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Seeds {@code installations} of {@code base} into {@code store}, which must hold no data. */
    static Seeded seed(Store store, InstalledBase base, int installations, Mode mode) throws SQLException {
        if (rowCounts(store).values().stream().anyMatch(n -> n > 0)) {
            throw new IllegalStateException("the database already holds data; seed an empty one");
        }
        return mode == Mode.BULK ? bulk(store, base, installations) : ingest(store, base, installations);
    }

    static Map<String, Long> rowCounts(Store store) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
            c.rollback();
        }
        return out;
    }

    private static Seeded ingest(Store store, InstalledBase base, int installations) throws SQLException {
        List<InstalledBase.Sent> all = new ArrayList<>();
        for (int i = 0; i < installations; i++) {
            all.addAll(base.next());
        }
        all.sort(Comparator.comparing(InstalledBase.Sent::at)); // stable: one installation's reports stay in order
        for (InstalledBase.Sent s : all) {
            store.ingest(s.report(), s.geo(), s.at());
        }
        store.fold();
        return new Seeded(installations, all.size());
    }

    private static Seeded bulk(Store store, InstalledBase base, int installations) throws SQLException {
        Changes changes = new Changes();
        long reports = 0;
        try (Connection c = store.dataSource().getConnection();
             Sql ps = Sql.prepare(c, Ingest.INSERT_INSTALLATION)) {
            for (int i = 0; i < installations; i++) {
                List<InstalledBase.Sent> sent = base.next();
                rollUp(changes, sent);
                InstalledBase.Sent first = sent.get(0);
                InstalledBase.Sent last = sent.get(sent.size() - 1);
                ps.setObject("first_seen", Database.utc(first.at()));
                Ingest.bindInstallation(ps, last.report(), last.geo(), Database.utc(last.at()));
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
                reports += sent.size();
            }
            ps.executeBatch();
            changes.write(c, true);
            c.commit();
        }
        return new Seeded(installations, reports);
    }

    /** {@link Store#ingest}'s steps for each report of one installation, with what it reads from the database in memory. */
    private static void rollUp(Changes changes, List<InstalledBase.Sent> sent) throws SQLException {
        Rollup.Seen seen = null;
        Map<UUID, RunMetrics> runs = new HashMap<>();
        Map<String, Map<GapLedger.Key, LocalDate>> ledger = new HashMap<>(); // per application, as Store reads it
        for (InstalledBase.Sent s : sent) {
            Report r = s.report();
            String uuid = r.uuid().toString();
            LocalDate day = s.at().atZone(ZoneOffset.UTC).toLocalDate();
            Rollup.Seen now = Rollup.Seen.of(day, r, s.geo());
            RunMetrics totals = RunMetrics.of(r);
            Rollup.report(changes, uuid, seen, now, runs.getOrDefault(r.runId(), RunMetrics.NONE), totals,
                    () -> ledger.computeIfAbsent(r.appName(), a -> new HashMap<>()));
            seen = now;
            runs.put(r.runId(), totals);
        }
    }
}
