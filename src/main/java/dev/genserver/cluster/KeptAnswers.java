package dev.genserver.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The answers this member stored under idempotency keys, oldest first, with what each costs, so that their bytes
 * stay within {@code genserver.idempotency.max-bytes} as the single instance's store keeps its own. The keys'
 * entries live on their owners, which Hazelcast alone could bound only by count; its used-heap policy may evict the
 * reservation just written, and with it the guard against a duplicate running alongside (see
 * {@link ReplicatedIdempotencyStore}). So each member accounts for the answers it wrote into its own reservations
 * and has the oldest forgotten past the bound: answered keys only, never a reservation still being handled.
 *
 * <p>An answer stays recorded until its time to live has passed (the map then drops it by itself), even if the
 * map's count bound evicted it earlier: the account errs towards forgetting early, never towards holding more.
 * Each record is counted with {@link dev.genserver.idempotency.StoredAnswer#ENTRY_OVERHEAD}, which covers its own
 * key too, so the account takes no more than it counts. The account is this member's: a member that leaves takes it
 * along, and the answers it wrote then leave by their time to live or the map's count bound. Thread-safe.
 */
final class KeptAnswers {

    private final long maxBytes;
    private final long ttlMillis;
    private final Clock clock;
    /** By key, in the order stored: the order they expire in, and the order they are forgotten in. */
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();
    private long bytes;

    KeptAnswers(long maxBytes, Duration ttl, Clock clock) {
        if (maxBytes < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("maxBytes and ttl must be positive: " + maxBytes + ", " + ttl);
        }
        this.maxBytes = maxBytes;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /**
     * Records that the reservation {@code token} of {@code key} stored an answer costing {@code cost}, and returns
     * the answers to forget to stay within the bound, oldest first; the new one is the last to go. One larger than
     * the bound by itself is forgotten alone: no room could be made for it.
     */
    synchronized List<Kept> add(String key, String token, long cost) {
        long now = clock.millis();
        dropExpired(now);
        Kept replaced = kept.remove(key); // the key was stored under before: expired early, or taken over
        if (replaced != null) {
            bytes -= replaced.cost();
        }
        Kept added = new Kept(key, token, cost, now + ttlMillis);
        if (cost > maxBytes) {
            return List.of(added);
        }
        kept.put(key, added);
        bytes += cost;
        List<Kept> forget = new ArrayList<>();
        for (Iterator<Kept> oldestFirst = kept.values().iterator(); bytes > maxBytes; ) {
            Kept oldest = oldestFirst.next();
            oldestFirst.remove();
            bytes -= oldest.cost();
            forget.add(oldest);
        }
        return forget;
    }

    /** The bytes of the answers recorded and not past their time to live. */
    synchronized long bytes() {
        dropExpired(clock.millis());
        return bytes;
    }

    private void dropExpired(long now) {
        for (Iterator<Kept> oldestFirst = kept.values().iterator(); oldestFirst.hasNext(); ) {
            Kept oldest = oldestFirst.next();
            if (oldest.expiresAtMillis() > now) {
                return;
            }
            oldestFirst.remove();
            bytes -= oldest.cost();
        }
    }

    /** An answer recorded: the key, the token of the reservation that stored it, its cost, when the map drops it. */
    record Kept(String key, String token, long cost, long expiresAtMillis) {
    }
}
