package dev.genserver.cache;

import dev.genserver.app.ExactJson;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The cache's state: a hash map for lookup and an intrusive doubly-linked list in access order (least recently
 * accessed first), so every operation is O(1) — amortised for the expiry bookkeeping below.
 *
 * <p>Every access (put or get) refreshes both an entry's recency and its TTL clock, so the list is also in
 * expiry order: the expired entries are always a prefix of it. {@link #observe} moves a boundary ({@code live},
 * the first entry not yet expired) forward past the entries whose TTL has run out; each entry crosses it at
 * most once per access, which is what makes the bookkeeping amortised O(1). Expired entries stay where they
 * are, invisible to {@code size}, so a later get can still answer {@link Lookup.Expired} as the seed does; they
 * are dropped when read, deleted, overwritten, or when their slot is needed for a new key.
 *
 * <p>Time is a millisecond count passed in by the owner. It never runs backwards here: an earlier {@code now}
 * than one already seen is taken as the one seen, so a wall-clock step back cannot break the expiry order.
 * A ttl with a fraction of a millisecond is truncated, which decides expiry exactly as the untruncated ttl
 * would, since elapsed time is whole milliseconds ({@code e > 1.5} iff {@code e > 1} for integer {@code e}).
 *
 * <p>Serializable (a replicated process's state crosses members in cluster mode) in a flat form of its own,
 * {@link Flat}: the entries' keys, values (as JSON text) and access times in LRU order. The JDK's default form of
 * the linked list would recurse once per node, overflowing the stack for a few thousand entries.
 *
 * <p>Not thread-safe: owned by one process, which handles one message at a time.
 */
final class LruTtlCache implements Serializable {

    /**
     * A list node; {@code expired} is set when the boundary passes it, and its value dropped then: an expired
     * entry only answers {@code expired}, and its value must not hold heap until the key is read again.
     */
    private static final class Node {
        final String key;
        JsonNode value;
        long lastAccess;
        boolean expired;
        Node prev;
        Node next;

        Node(String key, JsonNode value, long lastAccess) {
            this.key = key;
            this.value = value;
            this.lastAccess = lastAccess;
        }
    }

    /** The serialized value of an expired entry, which has none. */
    private static final byte[] NO_VALUE = new byte[0];

    private final int maxSize;
    private final Duration ttl;
    private final long ttlMillis;
    private final HashMap<String, Node> entries = new HashMap<>();
    private Node head;
    private Node tail;
    /** The first entry not yet expired, or null if there is none. */
    private Node live;
    private int expiredCount;
    private long now = Long.MIN_VALUE;
    private long hits;
    private long misses;
    private long evictions;
    private long expirations;

    LruTtlCache(int maxSize, Duration ttl) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        this.maxSize = maxSize;
        this.ttl = ttl;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * Stores {@code value} under {@code key} as its most recent entry. Overwriting a live key evicts nothing; a
     * new key (or one whose entry has expired) in a full cache evicts the least recently accessed live entry.
     */
    void put(String key, JsonNode value, long nowMillis) {
        Objects.requireNonNull(value, "value (use NullNode for JSON null)");
        observe(nowMillis);
        Node node = entries.get(key);
        if (node != null && !node.expired) {
            node.value = value;
            touch(node);
            return;
        }
        if (node != null) {
            remove(node);
        } else if (entries.size() == maxSize) {
            // The slot goes to the least recently accessed entry. If it has expired, it was counted as an
            // expiration when the boundary passed it and is never an eviction; otherwise every entry is live
            // (expired ones form the prefix) and the cache is full: an eviction.
            if (!head.expired) {
                evictions++;
            }
            remove(head);
        }
        append(new Node(key, value, now));
    }

    /** The entry's value, refreshing its recency and TTL; an expired entry is dropped and answers expired. */
    Lookup get(String key, long nowMillis) {
        observe(nowMillis);
        Node node = entries.get(key);
        if (node == null) {
            misses++;
            return Lookup.Missing.INSTANCE;
        }
        if (node.expired) {
            misses++;
            remove(node);
            return Lookup.Expired.INSTANCE;
        }
        hits++;
        touch(node);
        return new Lookup.Hit(node.value);
    }

    /** True if a live entry was removed; an expired one is dropped too, but answers false (it was not there). */
    boolean delete(String key, long nowMillis) {
        observe(nowMillis);
        Node node = entries.get(key);
        if (node == null) {
            return false;
        }
        remove(node);
        return !node.expired;
    }

    CacheStats stats(long nowMillis) {
        observe(nowMillis);
        return CacheStats.of(size(), maxSize, ttl, hits, misses, evictions, expirations);
    }

    /** Live entries; call after {@link #observe} for the current time. */
    int size() {
        return entries.size() - expiredCount;
    }

    /**
     * Advances time and moves the boundary past every entry whose TTL has run out ({@code now - lastAccess >
     * ttl}), counting each as one expiration. Amortised O(1): an entry is passed at most once per access.
     */
    private void observe(long nowMillis) {
        now = Math.max(now, nowMillis);
        while (live != null && now - live.lastAccess > ttlMillis) {
            live.expired = true;
            live.value = null;
            expiredCount++;
            expirations++;
            live = live.next;
        }
    }

    /** Makes a live entry the most recent one, with a fresh TTL. */
    private void touch(Node node) {
        node.lastAccess = now;
        if (node != tail) {
            remove(node);
            append(node);
        }
    }

    private void append(Node node) {
        node.expired = false;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        if (live == null) {
            live = node;
        }
        entries.put(node.key, node);
    }

    /** Serialized as {@link Flat}: written and read in a loop, whatever the number of entries. */
    private Object writeReplace() {
        int size = entries.size();
        String[] keys = new String[size];
        byte[][] values = new byte[size][];
        long[] lastAccess = new long[size];
        int i = 0;
        for (Node node = head; node != null; node = node.next, i++) {
            keys[i] = node.key;
            values[i] = node.expired ? NO_VALUE : ExactJson.write(node.value); // each its own document: no deeper
            lastAccess[i] = node.lastAccess;
        }
        return new Flat(maxSize, ttl, keys, values, lastAccess, expiredCount, now, hits, misses, evictions,
                expirations);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an LruTtlCache is read through its flat form");
    }

    /**
     * The serialized form: the entries in LRU order (least recently accessed first), of which the first
     * {@code expired} have been counted as expired already, their values as JSON text, and the counters.
     */
    private record Flat(int maxSize, Duration ttl, String[] keys, byte[][] values, long[] lastAccess, int expired,
                        long now, long hits, long misses, long evictions, long expirations) implements Serializable {

        private Object readResolve() throws InvalidObjectException {
            if (keys.length != values.length || keys.length != lastAccess.length || expired < 0
                    || expired > keys.length || keys.length > maxSize) {
                throw new InvalidObjectException("inconsistent cache: " + keys.length + " keys");
            }
            LruTtlCache cache = new LruTtlCache(maxSize, ttl);
            for (int i = 0; i < keys.length; i++) {
                cache.append(new Node(keys[i], i < expired ? null : value(values[i]), lastAccess[i]));
            }
            if (cache.entries.size() != keys.length) {
                throw new InvalidObjectException("inconsistent cache: a key appears twice");
            }
            for (int i = 0; i < expired; i++) { // the prefix the boundary had passed
                cache.live.expired = true;
                cache.live = cache.live.next;
            }
            cache.expiredCount = expired;
            cache.now = now;
            cache.hits = hits;
            cache.misses = misses;
            cache.evictions = evictions;
            cache.expirations = expirations;
            return cache;
        }

        private static JsonNode value(byte[] json) throws InvalidObjectException {
            try {
                return ExactJson.read(json);
            } catch (JacksonException unreadable) {
                throw (InvalidObjectException) new InvalidObjectException("unreadable cache values")
                        .initCause(unreadable);
            }
        }
    }

    private void remove(Node node) {
        if (node.expired) {
            expiredCount--;
        } else if (node == live) {
            live = node.next;
        }
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        entries.remove(node.key);
    }
}
