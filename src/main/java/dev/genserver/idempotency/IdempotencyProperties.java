package dev.genserver.idempotency;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.idempotency.*}: how many answers to requests with an {@code Idempotency-Key} are kept, and how
 * long.
 *
 * @param maxEntries the most keys held, answered or still being processed; a new key in a full store pushes out
 *                   the oldest answered one (in cluster mode, per member, the least recently used, answered or
 *                   not), so under heavy use a key may be forgotten before its {@code ttl}
 * @param ttl        how long a key's answer is remembered after it was given, on one instance as in cluster mode:
 *                   the expiry window a client may retry in (a bare number means seconds; {@code 500ms},
 *                   {@code 10s}, {@code 5m} work); at most 100 years (36500d): a larger one overflowed the expiry
 *                   instant, and a keyed write then answered 500 though applied
 * @param maxBytes   the most the kept answers may take (their bodies, plus a little each); past it the oldest
 *                   answered keys are forgotten first. Counted on one instance; in cluster mode, over the answers
 *                   each member stores, while the keys' map holds at most {@code maxEntries} per member; at
 *                   least 64KB, as an answer larger than the whole budget is not kept, and below that most would
 *                   not be: their retries would be applied again; at most half the maximum heap. Default: a
 *                   tenth of the maximum heap, at most 64MB (a fixed 64MB was half of a 128MB heap, held for the
 *                   {@code ttl}, and ran it out of memory). The heap is as {@link Runtime#maxMemory()} reports it
 */
@Validated
@ConfigurationProperties("genserver.idempotency")
public record IdempotencyProperties(
        @DefaultValue("10000") @Min(1) int maxEntries,
        @DefaultValue("24h") @DurationUnit(ChronoUnit.SECONDS) @DurationMin(nanos = 1) @DurationMax(days = 36500)
        Duration ttl,
        @Nullable DataSize maxBytes) {

    private static final DataSize LEAST_BYTES = DataSize.ofKilobytes(64);
    private static final DataSize MOST_BY_DEFAULT = DataSize.ofMegabytes(64);

    public IdempotencyProperties {
        if (maxBytes != null && maxBytes.compareTo(LEAST_BYTES) < 0) {
            throw new IllegalArgumentException("genserver.idempotency.max-bytes must be at least 64KB, or answers "
                    + "would not be kept and their retries applied again: " + maxBytes);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (maxBytes != null && maxBytes.toBytes() > heap / 2) {
            throw new IllegalArgumentException("genserver.idempotency.max-bytes must be at most half the maximum "
                    + "heap (" + heap / 2 + " bytes), or kept answers alone could fill it: " + maxBytes);
        }
    }

    /** {@code maxBytes} in bytes, or a tenth of {@code maxHeap} (64KB to 64MB) if it is not set. */
    public long maxBytes(long maxHeap) {
        return maxBytes != null ? maxBytes.toBytes()
                : Math.clamp(maxHeap / 10, LEAST_BYTES.toBytes(), MOST_BY_DEFAULT.toBytes());
    }
}
