package dev.genserver.counters;

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
 * {@code genserver.counters.*}.
 *
 * @param maxCount how many named counters may exist at once (the dynamic supervisor's {@code max_children});
 *                 starting one more answers 503 {@code max_children}
 * @param idleTimeout unset (the default): a counter lives until it is deleted; set (in seconds, or with a unit:
 *                 {@code 24h}), a counter that has had no message for this long stops, its name answers 404
 *                 {@code noproc}, and its next increment starts it again from zero
 */
@Validated
@ConfigurationProperties("genserver.counters")
record CountersProperties(
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxCount,
        @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(days = 49) Duration idleTimeout) {
}
