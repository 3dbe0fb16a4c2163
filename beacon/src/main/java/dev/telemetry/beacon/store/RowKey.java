package dev.telemetry.beacon.store;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An aggregate row's key columns ({@link Changes}): an immutable list whose hash is computed once. A
 * fold merges thousands of reports' additions, mostly into the same few hundred rows, and hashed each
 * key again per lookup (a date and up to six texts); equal to any {@link List} of the same values, and
 * with the same hash, as {@link List#equals} and {@link List#hashCode} say.
 */
final class RowKey extends AbstractList<Object> implements RandomAccess {
    private final Object[] values;
    private final int hash;

    private RowKey(Object[] values) {
        this.values = values;
        int h = 1;
        for (Object v : values) {
            h = 31 * h + v.hashCode(); // key columns are never null
        }
        this.hash = h;
    }

    /** The key of these values, in column order; an array passed is kept, not copied (pass one nobody changes). */
    static RowKey of(Object... values) {
        return new RowKey(values);
    }

    /** {@code key} itself when it is one, else a copy of its values. */
    static RowKey from(List<Object> key) {
        return key instanceof RowKey k ? k : new RowKey(key.toArray());
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof RowKey k) {
            return k.hash == hash && Arrays.equals(k.values, values);
        }
        return super.equals(o);
    }
}
