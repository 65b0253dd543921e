package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An entry processor that decides on the key's owner and has the backup write exactly what it wrote there, with its
 * time to live. Running the decision again on the backup would not do, because the two copies can differ: Hazelcast
 * expires an entry on a backup 10 s after the owner ({@code hazelcast.map.expiry.delay.seconds}) and evicts each
 * copy on its own, so a key free on the owner may still be held on the backup. Hazelcast asks for the backup
 * processor after running this one on the owner, on the same instance.
 *
 * <p>The owner first makes the checks a message to a replicated process makes ({@link Invoke}): a member left alone
 * for a moment, or an owner whose partition has no backup in sight, would otherwise decide on a copy the merge
 * discards or that no other member holds (an {@code Idempotency-Key} taken there could be taken on the other side
 * too, and a job under it accepted on each; a job's record written there is gone after the merge).
 *
 * @param <V> the map's values
 * @param <R> what the owner answers
 */
abstract class OwnerDecides<V, R> implements EntryProcessor<String, V, R>, HazelcastInstanceAware {

    private transient Apply<V, R> written;
    private transient HazelcastInstance member;

    @Override
    public final void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    /**
     * Decides on the owner once it may.
     *
     * @throws com.hazelcast.splitbrainprotection.SplitBrainProtectionException with fewer members in sight than
     *                                                                           {@code min-members}
     * @throws NoBackupYetException with another member in sight but none holding the partition's backup (Hazelcast
     *                              sends the processor again)
     */
    @Override
    public final R process(Map.Entry<String, V> entry) {
        MinMembers.ensureInSight(member);
        NoBackupYetException.ensureBackedUp(member, entry);
        return decideOnOwner(entry);
    }

    /** {@link #process} once the owner may decide: the processors' own tests run it with no member. */
    final R decideOnOwner(Map.Entry<String, V> entry) {
        written = null;
        return decide(entry);
    }

    /** What this processor does on the owner, writing only through {@link #write} and {@link #backUp}. */
    abstract R decide(Map.Entry<String, V> entry);

    /** Writes {@code apply} here, and has the backup write it too. */
    final void write(Map.Entry<String, V> entry, Apply<V, R> apply) {
        written = apply;
        apply.process(entry);
    }

    /** Has the backup write {@code apply}, which the owner holds already. */
    final void backUp(Apply<V, R> apply) {
        written = apply;
    }

    @Override
    public final EntryProcessor<String, V, R> getBackupProcessor() {
        return written;
    }

    /** What the owner wrote, done again on the backup: {@code value} with its time to live, or null for removal. */
    record Apply<V, R>(V value, long ttlMillis) implements EntryProcessor<String, V, R> {
        @Override
        public R process(Map.Entry<String, V> entry) {
            if (value == null) {
                entry.setValue(null);
            } else {
                ((ExtendedMapEntry<String, V>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
            }
            return null;
        }
    }
}
