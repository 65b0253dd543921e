package dev.genserver.cluster;

import java.util.Map;

/**
 * {@code set} with a time to live, or {@code delete}, decided on the key's owner after the owner's checks
 * ({@link OwnerDecides}): a job's end written into its record, and its forgetting. A plain {@code setAsync} or
 * {@code deleteAsync} passed neither check: a member left alone for a moment, or whose copy had no backup in sight,
 * wrote there and was answered, and the merge then discarded the write (the record named the job's instance after
 * the job had ended, or was back after it had been forgotten). Refused, the write fails, and its sender sends it
 * again ({@link LatestWrites}). Writes whatever the entry held, and the backup writes the same; answers null.
 *
 * @param <V> the map's values
 */
final class Overwrite<V> extends OwnerDecides<V, Void> {

    /** Null: the entry is removed. */
    private final V value;
    private final long ttlMillis;

    /** {@code ttlMillis}: the entry's time to live, or negative for the map's own, as Hazelcast reads it. */
    Overwrite(V value, long ttlMillis) {
        this.value = value;
        this.ttlMillis = ttlMillis;
    }

    /** The entry's removal, on the owner and the backup alike, whatever either holds. */
    static <V> Overwrite<V> removal() {
        return new Overwrite<>(null, -1);
    }

    @Override
    Void decide(Map.Entry<String, V> entry) {
        write(entry, new Apply<>(value, ttlMillis));
        return null;
    }
}
