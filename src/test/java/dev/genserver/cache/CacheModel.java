package dev.genserver.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The reference model for the property tests: the seed's semantics written as plainly as possible, with a list
 * in access order and a scan of every entry on every operation. Slow and obviously right is the point.
 */
final class CacheModel {

    private static final class Entry {
        final String key;
        JsonNode value;
        long lastAccess;
        boolean expired;

        Entry(String key, JsonNode value, long lastAccess) {
            this.key = key;
            this.value = value;
            this.lastAccess = lastAccess;
        }
    }

    private final int maxSize;
    private final Duration ttl;
    /** Least recently accessed first. */
    private final List<Entry> entries = new ArrayList<>();
    private long hits;
    private long misses;
    private long evictions;
    private long expirations;

    CacheModel(int maxSize, Duration ttl) {
        this.maxSize = maxSize;
        this.ttl = ttl;
    }

    void put(String key, JsonNode value, long now) {
        expire(now);
        Entry entry = find(key);
        if (entry != null && !entry.expired) {
            entries.remove(entry);
            entry.value = value;
            entry.lastAccess = now;
            entries.add(entry);
            return;
        }
        if (entry != null) {
            entries.remove(entry);
        }
        if (liveCount() == maxSize) {
            entries.remove(firstLive());
            evictions++;
        } else if (entries.size() == maxSize) {
            // No room and not full: some entry has expired; dropping it is not an eviction.
            entries.remove(entries.stream().filter(e -> e.expired).findFirst().orElseThrow());
        }
        entries.add(new Entry(key, value, now));
    }

    Lookup get(String key, long now) {
        expire(now);
        Entry entry = find(key);
        if (entry == null) {
            misses++;
            return Lookup.Missing.INSTANCE;
        }
        if (entry.expired) {
            misses++;
            entries.remove(entry);
            return Lookup.Expired.INSTANCE;
        }
        hits++;
        entries.remove(entry);
        entry.lastAccess = now;
        entries.add(entry);
        return new Lookup.Hit(entry.value);
    }

    boolean delete(String key, long now) {
        expire(now);
        Entry entry = find(key);
        if (entry == null) {
            return false;
        }
        entries.remove(entry);
        return !entry.expired;
    }

    CacheStats stats(long now) {
        expire(now);
        return CacheStats.of(liveCount(), maxSize, ttl, hits, misses, evictions, expirations);
    }

    /** Marks every entry idle for longer than the ttl, counting each once. */
    private void expire(long now) {
        for (Entry entry : entries) {
            boolean idleTooLong = Duration.ofMillis(now - entry.lastAccess).compareTo(ttl) > 0;
            if (idleTooLong && !entry.expired) {
                entry.expired = true;
                expirations++;
            }
        }
    }

    private Entry find(String key) {
        return entries.stream().filter(e -> e.key.equals(key)).findFirst().orElse(null);
    }

    private Entry firstLive() {
        return entries.stream().filter(e -> !e.expired).findFirst().orElseThrow();
    }

    private int liveCount() {
        return (int) entries.stream().filter(e -> !e.expired).count();
    }
}
