package dev.genserver.stack;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.stacks.*}.
 *
 * @param maxCount how many stacks may exist at once (the dynamic supervisor's {@code max_children}); creating one
 *                 more answers 503 {@code max_children}, so no client can exhaust memory by creating stacks
 * @param maxItems how many items one stack may hold; a push onto a full stack answers 409 {@code full}, a create
 *                 with more initial items 400, so no client can exhaust memory by growing one stack
 */
@Validated
@ConfigurationProperties("genserver.stacks")
record StackProperties(
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount,
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxItems) {

    /** The default of {@link #maxItems}, for a {@link Stacks} built by hand. */
    static final int DEFAULT_MAX_ITEMS = 10_000;
}
