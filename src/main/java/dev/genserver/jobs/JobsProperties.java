package dev.genserver.jobs;

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
 * {@code genserver.jobs.*}. Durations are seconds when given as a bare number.
 *
 * @param workers         the most jobs running at once
 * @param capacity        the most jobs waiting; a submit beyond it is refused with 503 {@code overloaded}
 * @param maxDuration     the longest simulated work a job may ask for, 0 to 49 days
 * @param retention       how many of the newest finished jobs stay queryable
 * @param shutdownTimeout how long, at shutdown, the queue waits for running jobs before their workers are killed,
 *                        0 to 49 days, whatever {@code genserver.runtime.shutdown-timeout} is (the supervision tree,
 *                        the queue in it, stops before the processes outside it, its workers)
 */
@Validated
@ConfigurationProperties("genserver.jobs")
record JobsProperties(
        @DefaultValue("4") @Min(1) @Max(10_000) int workers,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int capacity,
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 0) @DurationMax(days = 49)
        Duration maxDuration,
        @DefaultValue("1000") @Min(0) @Max(1_000_000) int retention,
        @DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 0) @DurationMax(days = 49)
        Duration shutdownTimeout) {
}
