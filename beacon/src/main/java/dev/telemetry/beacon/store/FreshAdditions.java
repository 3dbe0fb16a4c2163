package dev.telemetry.beacon.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The additions of the pending rows this beacon stored itself, by row id, as {@link Changes} in memory:
 * handed from the ingest thread (after its commit) to the fold, which merges them instead of decoding
 * the rows' bodies again. The rows stay the truth: a fold still locks and deletes each row it applies,
 * rows without an entry here (another beacon's, or stored before a restart) are decoded from their
 * bodies, and an entry whose row another beacon folded is dropped. At most {@link #MAX} entries: past
 * that (folding stopped or fell far behind) rows are left to be decoded.
 */
final class FreshAdditions {
    static final int MAX = Folder.FOLD_BATCH;

    private final Map<Long, Changes> byId = new ConcurrentHashMap<>();

    /** Row {@code id}, committed, holds exactly {@code changes}' additions; they are not changed after this. */
    void stored(long id, Changes changes) {
        if (byId.size() < MAX) {
            byId.put(id, changes);
        }
    }

    Changes get(long id) {
        return byId.get(id);
    }

    /** The ids held now: a fold takes them before it reads the rows, to know which of them are gone. */
    List<Long> ids() {
        return List.copyOf(byId.keySet());
    }

    void remove(Collection<Long> ids) {
        ids.forEach(byId::remove);
    }

    int size() {
        return byId.size();
    }
}
