package dev.genserver.cache;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.cache.*}: the seed's {@code start_link(max_size: 100, ttl: 3600)}.
 *
 * @param maxSize the most entries held; a new key in a full cache evicts the least recently accessed one
 * @param ttl     how long an entry lives after its last access (put or get); a bare number means seconds, as the
 *                seed's {@code ttl}, and {@code 500ms}, {@code 10s}, {@code 5m} work; at least a millisecond, the unit
 *                the expiry counts in (a shorter one was counted as none, and written as {@code 1E-7} in the
 *                stats), and at most 100 years (36500d), which is never for a cache
 */
@Validated
@ConfigurationProperties("genserver.cache")
record CacheProperties(
        @DefaultValue("100") @Min(1) int maxSize,
        @DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(days = 36500)
        Duration ttl) {
}
