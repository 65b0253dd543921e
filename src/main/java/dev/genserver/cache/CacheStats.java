package dev.genserver.cache;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code {"size", "maxSize", "ttl", "hits", "misses", "evictions", "expirations"}}: the seed's {@code stats/0}
 * ({@code %{size:, max_size:, ttl:}}) plus the counters an LRU/TTL cache is judged by.
 */
public record CacheStats(
        @Schema(description = "Live entries: those whose TTL has not run out", example = "2") int size,
        @Schema(description = "The most entries the cache holds", example = "100") int maxSize,
        @Schema(description = "The time to live in seconds, as in the seed; a decimal when the setting has a fraction "
                + "(500ms gives 0.5), a whole number otherwise", example = "3600") BigDecimal ttl,
        @Schema(description = "Gets that found a live entry", example = "5") long hits,
        @Schema(description = "Gets that found nothing or an expired entry", example = "1") long misses,
        @Schema(description = "Live entries removed to make room for a new key", example = "0") long evictions,
        @Schema(description = "Entries whose TTL ran out while cached, each counted once (never as an eviction)",
                example = "0") long expirations) implements Serializable {

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
