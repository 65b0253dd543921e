package dev.genserver.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of one instance, in memory: at most {@code maxEntries}, their answers at most {@code maxBytes} in all,
 * each forgotten {@code ttl} after its request reserved it. Keys are held in the order they were reserved, which
 * is also the order they expire in, so expired keys are dropped from the oldest end in time proportional to their
 * number. A new key in a full store pushes out the oldest answered key, and so does an answer that takes the
 * answers past {@code maxBytes} (without that bound, keyed pops of large items would keep a copy of each for a
 * day); a key whose request is still being handled is never dropped (its repeat must not run alongside it), so a
 * store full of those answers {@link Claim.Full}.
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
        entries.put(key, new Entry(fingerprint, now.plus(ttl)));
        return new Claim.Reserved();
    }

    @Override
    public synchronized void complete(String key, String fingerprint, StoredAnswer answer) {
        Entry held = entries.get(key);
        if (held != null && held.answer == null && held.fingerprint.equals(fingerprint)) {
            held.answer = answer;
            bytes += answer.cost();
            boolean dropped = true;
            while (bytes > maxBytes && dropped) { // the newest goes last: alone past the bound, it is not kept
                dropped = dropOldestAnswered();
            }
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

    /** Drops answered keys past their expiry, oldest first, stopping at the first one that has not expired. */
    private void dropExpired(Instant now) {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (now.isBefore(entry.expiresAt)) {
                return;
            }
            if (entry.answer != null) {
                oldestFirst.remove();
                bytes -= entry.answer.cost();
            }
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

    /** A key's request: its fingerprint, when it is forgotten, and its answer once it has one (null until then). */
    private static final class Entry {

        private final String fingerprint;
        private final Instant expiresAt;
        private StoredAnswer answer;

        private Entry(String fingerprint, Instant expiresAt) {
            this.fingerprint = fingerprint;
            this.expiresAt = expiresAt;
        }
    }
}
