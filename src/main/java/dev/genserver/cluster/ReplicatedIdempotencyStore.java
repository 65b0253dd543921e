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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The idempotency keys in cluster mode: one entry per key in the map {@code genserver-idempotency}, backed up
 * synchronously like the processes' states, so a client retrying through another instance after one died finds
 * its first answer. Each operation is an entry processor on the key's owner, atomic per key as the interface asks.
 *
 * <p>Two differences from the single instance's store, both Hazelcast's way of bounding a map: a key being handled
 * is held for {@link #LEASE} only (if the instance handling it dies, its repeats are 409 until then, and run
 * afterwards), and an answered key lives {@code ttl} from its answer; past {@code max-entries} per member the least
 * recently used keys are evicted, answered or not, so {@link Claim.Full} is never returned.
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
        Held found = ReplicatedProcesses.guarded(() -> map().executeOnKey(key, new Reserve(fingerprint)));
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
        ReplicatedProcesses.guarded(() -> map().executeOnKey(key, new Complete(fingerprint, answer, ttlMillis)));
    }

    @Override
    public void release(String key, String fingerprint) {
        ReplicatedProcesses.guarded(() -> map().executeOnKey(key, new Complete(fingerprint, null, 0)));
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

    /** A key's request: its fingerprint, and its answer once it has one. */
    record Held(String fingerprint, StoredAnswer answer) implements Serializable {
    }

    /** Takes a free key for {@code fingerprint}, answering null; or answers what holds it. */
    record Reserve(String fingerprint) implements EntryProcessor<String, Held, Held> {
        @Override
        public Held process(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held == null) {
                ((ExtendedMapEntry<String, Held>) entry).setValue(new Held(fingerprint, null), LEASE.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return held;
        }
    }

    /** Stores the answer of the reservation {@code fingerprint} holds, or with a null answer gives it up. */
    record Complete(String fingerprint, StoredAnswer answer, long ttlMillis)
            implements EntryProcessor<String, Held, Held> {
        @Override
        public Held process(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held != null && held.answer() == null && held.fingerprint().equals(fingerprint)) {
                if (answer == null) {
                    entry.setValue(null);
                } else {
                    ((ExtendedMapEntry<String, Held>) entry).setValue(new Held(fingerprint, answer), ttlMillis,
                            TimeUnit.MILLISECONDS);
                }
            }
            return null;
        }
    }
}
