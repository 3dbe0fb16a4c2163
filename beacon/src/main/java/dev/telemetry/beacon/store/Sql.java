package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A prepared statement with named parameters ({@code :name}): bound by name, never by position, so a
 * column added to a statement cannot shift the others. A name may occur more than once. The SQL is
 * parsed once per text. The store and the dashboard's queries use it. A small helper rather than a library: the store's statements are plain JDBC
 * with batches and row locks, and this is all they needed on top.
 */
public final class Sql implements AutoCloseable {
    private record Parsed(String jdbc, Map<String, int[]> positions) {}

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private final PreparedStatement ps;
    private final Parsed parsed;

    private Sql(PreparedStatement ps, Parsed parsed) {
        this.ps = ps;
        this.parsed = parsed;
    }

    /**
     * {@code :name0, :name1, ...}: the parameters of an IN list for {@code n} values (n >= 1), bound by
     * {@link #setList}. Its length is the next power of two, the last value repeated to fill it, so a
     * statement has a few shapes and the databases' caches of parsed statements keep them.
     */
    static String list(String name, int n) {
        int size = listSize(n);
        StringBuilder b = new StringBuilder(size * (name.length() + 5));
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? ":" : ", :").append(name).append(i);
        }
        return b.toString();
    }

    private static int listSize(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** Binds the values of {@link #list}{@code (name, values.size())}. */
    Sql setList(String name, java.util.Collection<?> values) throws SQLException {
        int n = 0;
        Object last = null;
        for (Object v : values) {
            setObject(name + n++, v);
            last = v;
        }
        for (int size = listSize(values.size()); n < size; n++) {
            setObject(name + n, last);
        }
        return this;
    }

    public static Sql prepare(Connection c, String sql) throws SQLException {
        Parsed p = PARSED.computeIfAbsent(sql, Sql::parse);
        return new Sql(c.prepareStatement(p.jdbc()), p);
    }

    /** An INSERT whose rows' {@code column} (a generated key) {@link #generatedKeys} reads after it ran. */
    static Sql prepareReturning(Connection c, String sql, String column) throws SQLException {
        Parsed p = PARSED.computeIfAbsent(sql, Sql::parse);
        return new Sql(c.prepareStatement(p.jdbc(), new String[]{column}), p);
    }

    ResultSet generatedKeys() throws SQLException {
        return ps.getGeneratedKeys();
    }

    private static Parsed parse(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        Map<String, List<Integer>> at = new HashMap<>();
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') { // a literal: copied as it is
                int end = sql.indexOf('\'', i + 1);
                jdbc.append(sql, i, end + 1);
                i = end;
            } else if (ch == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < sql.length() && Character.isJavaIdentifierPart(sql.charAt(j))) {
                    j++;
                }
                at.computeIfAbsent(sql.substring(i + 1, j), k -> new ArrayList<>()).add(++n);
                jdbc.append('?');
                i = j - 1;
            } else {
                jdbc.append(ch);
            }
        }
        Map<String, int[]> positions = new HashMap<>();
        at.forEach((k, v) -> positions.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return new Parsed(jdbc.toString(), Map.copyOf(positions));
    }

    private int[] positions(String name) {
        int[] p = parsed.positions().get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter :" + name + " in " + parsed.jdbc());
        }
        return p;
    }

    public Sql set(String name, String v) throws SQLException {
        for (int i : positions(name)) {
            ps.setString(i, v);
        }
        return this;
    }

    public Sql set(String name, long v) throws SQLException {
        for (int i : positions(name)) {
            ps.setLong(i, v);
        }
        return this;
    }

    /** A Long that may be null: bound as SQL NULL. */
    public Sql setNullable(String name, Long v) throws SQLException {
        for (int i : positions(name)) {
            if (v == null) {
                ps.setNull(i, Types.BIGINT);
            } else {
                ps.setLong(i, v);
            }
        }
        return this;
    }

    /** Dates, date-times and other values the driver binds itself. */
    public Sql setObject(String name, Object v) throws SQLException {
        for (int i : positions(name)) {
            ps.setObject(i, v);
        }
        return this;
    }

    void addBatch() throws SQLException {
        ps.addBatch();
    }

    int[] executeBatch() throws SQLException {
        return ps.executeBatch();
    }

    int executeUpdate() throws SQLException {
        return ps.executeUpdate();
    }

    public ResultSet executeQuery() throws SQLException {
        return ps.executeQuery();
    }

    @Override
    public void close() throws SQLException {
        ps.close();
    }
}
