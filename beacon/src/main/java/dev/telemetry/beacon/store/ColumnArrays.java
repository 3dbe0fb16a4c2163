package dev.telemetry.beacon.store;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's rows for one table, turned into one array per column, bound to a statement as
 * {@code :<prefix><column>} and unnested there ({@link PostgresBatch}): however many rows, one statement of one shape.
 * Dates and date-times go as ISO text (the statement casts each array to its column's type), so that
 * no time zone is involved, as with {@link Database#utc}.
 */
final class ColumnArrays implements NamedValues {
    private static final class Column {
        String type = "varchar"; // an empty column: the statement's cast gives it its type
        final List<Object> values = new ArrayList<>();
    }

    private final String prefix;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private int rows;

    /** Every column the statement takes, so that an empty batch binds them all (as empty arrays). */
    ColumnArrays(String prefix, String... columns) {
        this.prefix = prefix;
        for (String c : columns) {
            this.columns.put(c, new Column());
        }
    }

    @Override
    public ColumnArrays set(String name, String v) {
        return add(name, "varchar", v);
    }

    @Override
    public ColumnArrays set(String name, long v) {
        return add(name, "int8", v);
    }

    @Override
    public ColumnArrays setNullable(String name, Long v) {
        return add(name, "int8", v);
    }

    @Override
    public ColumnArrays setObject(String name, Object v) {
        if (v instanceof LocalDateTime || v instanceof LocalDate) {
            return add(name, "varchar", v.toString());
        }
        throw new IllegalArgumentException("column " + name + ": no array form for " + (v == null ? "null" : v.getClass().getName()));
    }

    private ColumnArrays add(String name, String type, Object v) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column " + name + " among " + columns.keySet());
        }
        c.type = type;
        c.values.add(v);
        return this;
    }

    /** Ends a row: every column must have had exactly one value set for it. */
    void endRow() {
        rows++;
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            if (e.getValue().values.size() != rows) {
                throw new IllegalStateException("column " + e.getKey() + " has " + e.getValue().values.size() + " values in " + rows + " rows");
            }
        }
    }

    int rows() {
        return rows;
    }

    void bind(Sql q) throws SQLException {
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            q.setArray(prefix + e.getKey(), e.getValue().type, e.getValue().values.toArray());
        }
    }
}
