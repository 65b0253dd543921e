package dev.genserver.cluster;

import java.util.Map;

/**
 * A replicated process's creation under a fresh key: {@code putIfAbsent} of its first state, decided on the key's
 * owner after the owner's checks ({@link OwnerDecides}). A plain {@code putIfAbsent} passed neither: a member left
 * alone for a moment, or whose copy had no backup in sight, created the process there and answered 201, and the
 * merge then discarded it. Answers the state found, null if it wrote {@code initial}.
 */
final class Create extends OwnerDecides<Replica, Replica> {

    private final Replica initial;
    private final long ttlMillis;

    /** {@code ttlMillis}: the entry's time to live, or negative for the map's own (none), as Hazelcast reads it. */
    Create(Replica initial, long ttlMillis) {
        this.initial = initial;
        this.ttlMillis = ttlMillis;
    }

    @Override
    Replica decide(Map.Entry<String, Replica> entry) {
        Replica found = entry.getValue();
        if (found == null) {
            write(entry, new Apply<>(initial, ttlMillis));
        }
        return found;
    }
}
