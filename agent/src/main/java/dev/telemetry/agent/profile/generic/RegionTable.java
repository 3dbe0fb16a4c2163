package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.profile.path.Vocabulary;

/**
 * Names already accepted, looked up by a region of a longer text (the command word of a line)
 * without copying it: the hash and the comparison run over the region, through the case rule.
 * Open addressing in an array that is replaced whole on the rare insert; readers never lock.
 */
final class RegionTable {
    static final int MAX_ENTRIES = 1024;

    private volatile Object[] slots = new Object[64]; // name, value, name, value, ...
    private int size;

    CommandReader.Resolved get(CharSequence text, int start, int end, Vocabulary.Case rule) {
        Object[] s = slots;
        int mask = s.length / 2 - 1;
        int i = hash(text, start, end, rule) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            String name = (String) s[2 * i];
            if (name == null) {
                return null;
            }
            if (same(name, text, start, end, rule)) {
                return (CommandReader.Resolved) s[2 * i + 1];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    synchronized void put(String name, CommandReader.Resolved value) {
        if (size >= MAX_ENTRIES || get(name, 0, name.length(), Vocabulary.Case.AS_IS) != null) {
            return;
        }
        Object[] old = slots;
        int capacity = old.length / 2;
        if ((size + 1) * 2 > capacity) {
            capacity *= 2;
        }
        Object[] fresh = new Object[capacity * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != null) {
                insert(fresh, (String) old[i], old[i + 1]);
            }
        }
        insert(fresh, name, value);
        size++;
        slots = fresh;
    }

    private static void insert(Object[] s, String name, Object value) {
        int mask = s.length / 2 - 1;
        int i = hash(name, 0, name.length(), Vocabulary.Case.AS_IS) & mask;
        while (s[2 * i] != null) {
            i = (i + 1) & mask;
        }
        s[2 * i] = name;
        s[2 * i + 1] = value;
    }

    private static int hash(CharSequence text, int start, int end, Vocabulary.Case rule) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + rule.apply(text.charAt(i));
        }
        return h ^ (h >>> 16);
    }

    private static boolean same(String name, CharSequence text, int start, int end, Vocabulary.Case rule) {
        if (name.length() != end - start) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != rule.apply(text.charAt(start + i))) {
                return false;
            }
        }
        return true;
    }
}
