package dev.genserver.stack;

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
 * {@code genserver.stacks.*}.
 *
 * @param maxCount how many stacks may exist at once (the dynamic supervisor's {@code max_children}); creating one
 *                 more answers 503 {@code max_children}, so no client can exhaust memory by creating stacks
 * @param maxItems how many items one stack may hold; a push onto a full stack answers 409 {@code full}, a create
 *                 with more initial items 400, so no client can exhaust memory by growing one stack
 * @param idleTimeout unset (the default): a stack lives until it is deleted, as the seed's does; set (in seconds,
 *                 or with a unit: {@code 24h}), a stack that has had no message for this long stops, and its id
 *                 answers 404 {@code noproc} from then on, so stacks their clients forgot do not hold
 *                 {@code max-count} forever
 * @param listIds  whether {@code GET /api/stacks} lists the stacks' ids (the default, as the API has always done);
 *                 an id is the capability to use its stack, so a deployment whose clients must not reach each
 *                 other's stacks turns it off ({@link StackIdsController})
 */
@Validated
@ConfigurationProperties("genserver.stacks")
record StackProperties(
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount,
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxItems,
        @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(days = 49) Duration idleTimeout,
        @DefaultValue("true") boolean listIds) {

    /** The default of {@link #maxItems}, for a {@link Stacks} built by hand. */
    static final int DEFAULT_MAX_ITEMS = 10_000;
}
