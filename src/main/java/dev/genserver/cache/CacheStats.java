package dev.genserver.cache;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code {"size", "maxSize", "ttl", "hits", "misses", "evictions", "expirations"}}: the seed's {@code stats/0}
 * ({@code %{size:, max_size:, ttl:}}) plus the counters an LRU/TTL cache is judged by.
 *
 * @param size        live entries: those whose TTL has not run out
 * @param maxSize     the most entries the cache holds
 * @param ttl         the time to live in seconds, as in the seed; a decimal when the setting has a fraction
 *                    ({@code 500ms} gives {@code 0.5}), a whole number otherwise
 * @param hits        gets that found a live entry
 * @param misses      gets that found nothing or an expired entry
 * @param evictions   live entries removed to make room for a new key
 * @param expirations entries whose TTL ran out while cached, each counted once (never as an eviction)
 */
public record CacheStats(int size, int maxSize, BigDecimal ttl, long hits, long misses, long evictions,
                         long expirations) implements Serializable {

    static CacheStats of(int size, int maxSize, Duration ttl, long hits, long misses, long evictions,
                         long expirations) {
        return new CacheStats(size, maxSize, seconds(ttl), hits, misses, evictions, expirations);
    }

    /** Exact seconds, written plainly: {@code 10}, {@code 0.5}, never {@code 1E+1} or {@code 10.000}. */
    static BigDecimal seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
    }
}
