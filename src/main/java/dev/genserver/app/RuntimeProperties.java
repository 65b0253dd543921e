package dev.genserver.app;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.runtime.*}: the process runtime's settings. Durations are seconds when given as a bare number.
 *
 * @param callTimeout     the default call timeout (OTP's 5 s); 1 ms to 49 days, as every duration here (OTP's
 *                        longest timeout), but the slow-handler threshold, which may also be 0
 * @param mailboxCapacity messages a process may have waiting before callers are refused with 503 overloaded
 * @param shutdownTimeout how long the processes outside any supervisor (the jobs' workers) have, together, to run
 *                        {@code terminate} at shutdown before they are killed; a supervised process gets its
 *                        child spec's shutdown (5 s for a worker) instead
 * @param throughput      messages a process handles before yielding its carrier thread to others
 * @param maxRestarts     the root supervisor's restart intensity: restarts allowed…
 * @param restartPeriod   …within this period
 * @param slowHandlerThreshold a handler still running after this long is logged as a warning and counted in
 *                        {@code genserver_handler_slow_total}; 0 turns the watch off
 */
@Validated
@ConfigurationProperties("genserver.runtime")
public record RuntimeProperties(
        @DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMin(millis = 1)
        @DurationMax(days = 49) Duration callTimeout,
        @DefaultValue("10000") @Min(1) @Max(100_000_000) int mailboxCapacity,
        @DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMin(millis = 1)
        @DurationMax(days = 49) Duration shutdownTimeout,
        @DefaultValue("64") @Min(1) int throughput,
        @DefaultValue("3") @Min(0) int maxRestarts,
        @DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMin(millis = 1)
        @DurationMax(days = 49) Duration restartPeriod,
        @DefaultValue("1") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMin(nanos = 0)
        @DurationMax(days = 49) Duration slowHandlerThreshold) {
}
