package dev.genserver.counters;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.counters.*}.
 *
 * @param maxCount how many named counters may exist at once (the dynamic supervisor's {@code max_children});
 *                 starting one more answers 503 {@code max_children}
 */
@Validated
@ConfigurationProperties("genserver.counters")
record CountersProperties(@DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount) {
}
