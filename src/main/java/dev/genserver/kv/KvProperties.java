package dev.genserver.kv;

import jakarta.validation.constraints.Max;
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
 * {@code genserver.kv.*}.
 *
 * @param maxCount   how many stores may exist at once; creating one more answers 503 {@code max_children}, so no
 *                   client can exhaust memory by creating processes
 * @param maxEntries how many entries one store may hold; a put of a new key into a full store answers 409
 *                   {@code full} (overwriting an existing key always works), so no client can grow one store
 *                   without bound
 * @param idleTimeout unset (the default): a store lives until it is deleted, as the seed's does; set (in seconds,
 *                   or with a unit: {@code 24h}), a store that has had no message for this long stops, and its id
 *                   answers 404 {@code noproc} from then on, so stores their clients forgot do not hold
 *                   {@code max-count} forever
 * @param listIds     whether {@code GET /api/kv} lists the stores' ids (the default, as the API has always done); an
 *                   id is the capability to use its store, so a deployment whose clients must not reach each
 *                   other's stores turns it off ({@link StoreIdsController})
 */
@Validated
@ConfigurationProperties("genserver.kv")
record KvProperties(
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount,
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxEntries,
        @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(days = 49) Duration idleTimeout,
        @DefaultValue("true") boolean listIds) {
}
