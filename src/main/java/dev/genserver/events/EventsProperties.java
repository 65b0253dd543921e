package dev.genserver.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.events.*}.
 *
 * @param capacity how many of the newest events the ring buffer keeps; older ones fall off, their counts stay
 * @param maxTypes how many distinct types are counted by name; later new types are counted under {@code "_other"}
 * @param maxBytes the most the kept events' payloads may take on the heap, estimated; past it the oldest fall off
 *                 (the newest stays, whatever it takes); unset: a tenth of the maximum heap, at most 64MB
 */
@Validated
@ConfigurationProperties("genserver.events")
record EventsProperties(
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int capacity,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxTypes,
        @Nullable DataSize maxBytes) {

    private static final DataSize DEFAULT_CAP = DataSize.ofMegabytes(64);

    EventsProperties {
        if (maxBytes != null && maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("genserver.events.max-bytes must be at least 1B: " + maxBytes);
        }
    }

    /** {@code maxBytes} in bytes, or a tenth of {@code maxHeap}, at most 64MB, if it is not set. */
    long maxBytes(long maxHeap) {
        return maxBytes != null ? maxBytes.toBytes() : Math.min(maxHeap / 10, DEFAULT_CAP.toBytes());
    }
}
