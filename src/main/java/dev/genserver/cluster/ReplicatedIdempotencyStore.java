package dev.genserver.cluster;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.idempotency.StoredAnswer;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The idempotency keys in cluster mode: one entry per key in the map {@code genserver-idempotency}, backed up
 * synchronously like the processes' states, so a client retrying through another instance after one died finds
 * its first answer. Each operation is an entry processor on the key's owner, atomic per key as the interface asks.
 *
 * <p>A key being handled names the member handling it. If that member leaves the cluster (it died, or was cut off
 * and removed) before answering, a repeat of the request takes the key over and runs: in the failover's time, not
 * after a lease. A message the lost member had already applied is then recognised by its process, which remembers
 * the ids of its messages, and answered again instead of applied twice ({@link ReplicatedProcesses}).
 *
 * <p>Two differences from the single instance's store, both Hazelcast's way of bounding a map: a key being handled
 * by a member still in the cluster is held for {@link #LEASE} at most (a request stuck that long is taken for lost),
 * and an answered key lives {@code ttl} from its answer; past {@code max-entries} per member the least recently
 * used keys are evicted, answered or not, so {@link Claim.Full} is never returned.
 */
final class ReplicatedIdempotencyStore implements IdempotencyStore {

    static final String MAP = "genserver-idempotency";
    /** Longer than any request may take: the slowest (a slow operation) is its 10 s delay plus a 5 s margin. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final Supplier<HazelcastInstance> member;
    private final long ttlMillis;
    private volatile IMap<String, Held> map;

    ReplicatedIdempotencyStore(Supplier<HazelcastInstance> member, Duration ttl) {
        this.member = member;
        this.ttlMillis = ttl.toMillis();
    }

    @Override
    public Claim reserve(String key, String fingerprint) {
        UUID here = localMember();
        Held found = ReplicatedProcesses.guarded(() -> map().executeOnKey(key, new Reserve(fingerprint, here, null)));
        if (found != null && found.answer() == null && found.fingerprint().equals(fingerprint)
                && hasLeft(found.holder())) {
            Held lost = found;
            found = ReplicatedProcesses.guarded(() -> map().executeOnKey(key,
                    new Reserve(fingerprint, here, lost.holder())));
        }
        if (found == null) {
            return new Claim.Reserved();
        }
        if (!found.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        return found.answer() == null ? new Claim.InProgress() : new Claim.Replay(found.answer());
    }

    @Override
    public void complete(String key, String fingerprint, StoredAnswer answer) {
        ReplicatedProcesses.guarded(() -> map().executeOnKey(key,
                new Complete(fingerprint, answer, ttlMillis, localMember())));
    }

    @Override
    public void release(String key, String fingerprint) {
        ReplicatedProcesses.guarded(() -> map().executeOnKey(key, new Complete(fingerprint, null, 0, localMember())));
    }

    private UUID localMember() {
        return ReplicatedProcesses.guarded(() -> member.get().getCluster().getLocalMember().getUuid());
    }

    /** Whether {@code holder} is a member no longer in this member's view of the cluster. */
    private boolean hasLeft(UUID holder) {
        return holder != null && ReplicatedProcesses.guarded(() -> member.get().getCluster().getMembers().stream()
                .noneMatch(present -> present.getUuid().equals(holder)));
    }

    /** One synchronous backup like the processes' maps; past {@code maxEntries} per member, least recently used. */
    static MapConfig mapConfig(int maxEntries) {
        return new MapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0)
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(maxEntries));
    }

    private IMap<String, Held> map() {
        IMap<String, Held> known = map;
        if (known == null) {
            known = member.get().getMap(MAP);
            map = known;
        }
        return known;
    }

    /**
     * A key's request: its fingerprint, the member handling it (null from a version that did not say), and its
     * answer once it has one.
     */
    record Held(String fingerprint, StoredAnswer answer, UUID holder) implements Serializable {
    }

    /**
     * Takes the key for {@code fingerprint} on behalf of {@code holder} if it is free, or if the member {@code lost}
     * (one that has left the cluster) holds it unanswered for the same request, answering null; otherwise answers
     * what holds it. The decision rests on the entry alone, so the backup, which runs the same processor, decides
     * alike.
     */
    record Reserve(String fingerprint, UUID holder, UUID lost) implements EntryProcessor<String, Held, Held> {
        @Override
        public Held process(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            boolean free = held == null || lost != null && held.answer() == null && lost.equals(held.holder())
                    && held.fingerprint().equals(fingerprint);
            if (free) {
                ((ExtendedMapEntry<String, Held>) entry).setValue(new Held(fingerprint, null, holder),
                        LEASE.toMillis(), TimeUnit.MILLISECONDS);
            }
            return free ? null : held;
        }
    }

    /**
     * Stores the answer of the reservation {@code fingerprint} holds, or with a null answer gives it up, if
     * {@code holder} still holds it: a member taken for lost whose key was taken over changes nothing.
     */
    record Complete(String fingerprint, StoredAnswer answer, long ttlMillis, UUID holder)
            implements EntryProcessor<String, Held, Held> {
        @Override
        public Held process(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held != null && held.answer() == null && held.fingerprint().equals(fingerprint)
                    && (held.holder() == null || held.holder().equals(holder))) {
                if (answer == null) {
                    entry.setValue(null);
                } else {
                    ((ExtendedMapEntry<String, Held>) entry).setValue(new Held(fingerprint, answer, holder),
                            ttlMillis, TimeUnit.MILLISECONDS);
                }
            }
            return null;
        }
    }
}
