package dev.genserver.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of one instance, in memory: at most {@code maxEntries}, their answers at most {@code maxBytes} in all,
 * each answered key forgotten {@code ttl} after its answer, as in cluster mode (a request that ran longer than
 * {@code ttl} is still replayed). A key moves to the end when answered, so answered keys are held in the order they
 * expire in, and expired ones are dropped from the oldest end in time proportional to their number and to the keys
 * still being handled ahead of them (no more than the requests in flight with a key). A new key in a
 * full store pushes out the oldest answered key, and so does an answer that takes the answers past
 * {@code maxBytes} (without that bound, keyed pops of large items would keep a copy of each for a day); an answer
 * larger than {@code maxBytes} by itself is not kept, and pushes out nothing. A key whose request is still being
 * handled is never dropped (its repeat must not run alongside it), so a store full of those answers
 * {@link Claim.Full}; nor is one whose answer failed to be stored (the heap ran out): it answers its retries
 * {@link Claim.InProgress} until a restart, as a request applied twice is worse than one not replayed.
 *
 * <p>Thread-safe: every operation holds the store's lock for a few map operations. Only requests that carry an
 * {@code Idempotency-Key} take it.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    private final int maxEntries;
    private final long maxBytes;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** The answers' bytes, as {@link StoredAnswer#cost} counts them. */
    private long bytes;

    /**
     * @throws IllegalArgumentException if {@code maxEntries}, {@code maxBytes} or {@code ttl} is not positive
     */
    InMemoryIdempotencyStore(int maxEntries, long maxBytes, Duration ttl, Clock clock) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxEntries and maxBytes must be at least 1: " + maxEntries + ", "
                    + maxBytes);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized Claim reserve(String key, String fingerprint) {
        Instant now = clock.instant();
        dropExpired(now);
        Entry held = entries.get(key);
        if (held != null) {
            if (!held.fingerprint.equals(fingerprint)) {
                return new Claim.Mismatch();
            }
            return held.answer == null ? new Claim.InProgress() : new Claim.Replay(held.answer);
        }
        if (entries.size() >= maxEntries && !dropOldestAnswered()) {
            return new Claim.Full();
        }
        entries.put(key, new Entry(fingerprint));
        return new Claim.Reserved();
    }

    @Override
    public synchronized void complete(String key, String fingerprint, StoredAnswer answer) {
        Entry held = entries.get(key);
        if (held == null || held.answer != null || !held.fingerprint.equals(fingerprint)) {
            return;
        }
        if (answer.cost() > maxBytes) {
            entries.remove(key);
            return; // no room could be made for it: dropping other answers would only lose them too
        }
        // read before anything changes: a failure here (an OutOfMemoryError) leaves the key held, never free for a
        // retry to apply the request again. After a wall clock stepped back this expiry is earlier than those ahead
        // of it, and waits for them to go.
        Instant expiresAt = clock.instant().plus(ttl);
        entries.putLast(key, held); // the newest answer, last to expire; moved in place, nothing allocated
        held.answer = answer;
        held.expiresAt = expiresAt;
        bytes += answer.cost();
        boolean dropped = true;
        while (bytes > maxBytes && dropped) { // never this one: it alone fits
            dropped = dropOldestAnswered();
        }
    }

    @Override
    public synchronized void release(String key, String fingerprint) {
        Entry held = entries.get(key);
        if (held != null && held.answer == null && held.fingerprint.equals(fingerprint)) {
            entries.remove(key);
        }
    }

    @Override
    public synchronized long heldKeys() {
        dropExpired(clock.instant());
        return entries.size();
    }

    @Override
    public synchronized long answerBytes() {
        dropExpired(clock.instant());
        return bytes;
    }

    /** Drops answered keys past their expiry, oldest first, stopping at the first answered one that has not. */
    private void dropExpired(Instant now) {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.answer == null) {
                continue; // still being handled: it expires only once answered
            }
            if (now.isBefore(entry.expiresAt)) {
                return;
            }
            oldestFirst.remove();
            bytes -= entry.answer.cost();
        }
    }

    private boolean dropOldestAnswered() {
        for (Iterator<Map.Entry<String, Entry>> oldestFirst = entries.entrySet().iterator(); oldestFirst.hasNext(); ) {
            StoredAnswer answer = oldestFirst.next().getValue().answer;
            if (answer != null) {
                oldestFirst.remove();
                bytes -= answer.cost();
                return true;
            }
        }
        return false;
    }

    /** A key's request: its fingerprint; once answered, its answer and when it is forgotten (null until then). */
    private static final class Entry {

        private final String fingerprint;
        private StoredAnswer answer;
        private Instant expiresAt;

        private Entry(String fingerprint) {
            this.fingerprint = fingerprint;
        }
    }
}
