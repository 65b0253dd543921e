package dev.genserver.breaker;

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
 * {@code genserver.circuit-breaker.*}.
 *
 * @param failureThreshold consecutive failures that open a closed breaker
 * @param openTimeout      how long a breaker stays open before it admits a trial; also how long a trial may stay
 *                         unreported before the breaker re-opens; at most 49 days, within OTP's longest timeout
 * @param idleTimeout      how long a breaker left alone lives once it admits calls again (closed, or half-open with
 *                         no trial out): it then stops, forgetting its failures, so abandoned names do not use up
 *                         {@code maxNames} for good; an open breaker is never forgotten before it would half-open;
 *                         1 ms to 49 days (with open and idle timeouts summing past 49.7 days, OTP's longest timeout,
 *                         a breaker is forgotten 49.7 days after its last message, if that is sooner; in cluster
 *                         mode one with a trial out and an open timeout over 24 days is kept until its next message)
 * @param maxNames         breakers (processes) alive at once; beyond it a new name answers 503 {@code max_children}
 */
@Validated
@ConfigurationProperties("genserver.circuit-breaker")
record CircuitBreakerProperties(
        @DefaultValue("5") @Min(1) int failureThreshold,
        @DefaultValue("30") @NotNull @DurationUnit(ChronoUnit.SECONDS) @DurationMax(days = 49) Duration openTimeout,
        @DefaultValue("600") @NotNull @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(days = 49)
        Duration idleTimeout,
        @DefaultValue("10000") @Min(1) int maxNames) {

    CircuitBreakerProperties {
        if (openTimeout != null && (openTimeout.isNegative() || openTimeout.isZero())) {
            throw new IllegalArgumentException("genserver.circuit-breaker.open-timeout must be positive: "
                    + openTimeout);
        }
    }
}
