package dev.genserver.cluster;

import java.util.Map;

/**
 * {@code putIfAbsent} with a time to live, decided on the key's owner after the owner's checks
 * ({@link OwnerDecides}): a process's first state under a fresh key, a job's record. A plain {@code putIfAbsent}
 * passed neither check: a member left alone for a moment, or whose copy had no backup in sight, wrote there and
 * was answered, and the merge then discarded the write (a process answered 201 and gone; a job accepted and then
 * 404 on every instance). Answers the value found, null if it wrote {@code value}.
 *
 * @param <V> the map's values
 */
final class PutIfAbsent<V> extends OwnerDecides<V, V> {

    private final V value;
    private final long ttlMillis;

    /** {@code ttlMillis}: the entry's time to live, or negative for the map's own, as Hazelcast reads it. */
    PutIfAbsent(V value, long ttlMillis) {
        this.value = value;
        this.ttlMillis = ttlMillis;
    }

    @Override
    V decide(Map.Entry<String, V> entry) {
        V found = entry.getValue();
        if (found == null) {
            write(entry, new Apply<>(value, ttlMillis));
        } else if (found.equals(value)) {
            backUp(new Apply<>(found, ttlMillis)); // an earlier attempt wrote it; its backup may be unconfirmed
        }
        return found;
    }
}
