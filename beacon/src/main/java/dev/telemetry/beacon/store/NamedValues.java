package dev.telemetry.beacon.store;

import java.sql.SQLException;

/**
 * Where a row's values go, by column name: one statement's parameters ({@link Sql}), or one more row
 * of a batch's column arrays ({@link ColumnArrays}, for PostgreSQL's single statement per batch). The
 * binding code of a table's row is written once against this and serves both.
 */
interface NamedValues {
    NamedValues set(String name, String v) throws SQLException;

    NamedValues set(String name, long v) throws SQLException;

    /** A Long that may be null. */
    NamedValues setNullable(String name, Long v) throws SQLException;

    /** A date or date-time (or another value the JDBC driver binds itself). */
    NamedValues setObject(String name, Object v) throws SQLException;
}
