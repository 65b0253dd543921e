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
 */
@Validated
@ConfigurationProperties("genserver.stacks")
record StackProperties(@DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount) {
}
