package dev.genserver.kv;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.kv.*}.
 *
 * @param maxCount   how many stores may exist at once; creating one more answers 503 {@code max_children}, so no
 *                   client can exhaust memory by creating processes
 * @param maxEntries how many entries one store may hold; a put of a new key into a full store answers 409
 *                   {@code full} (overwriting an existing key always works), so no client can grow one store
 *                   without bound
 */
@Validated
@ConfigurationProperties("genserver.kv")
record KvProperties(
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount,
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxEntries) {
}
