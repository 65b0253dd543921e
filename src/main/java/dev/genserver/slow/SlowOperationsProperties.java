package dev.genserver.slow;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.slow-operations.*}.
 *
 * @param timeoutMargin how much longer than an operation's delay its caller waits for the answer before giving up
 *                      with 504 {@code timeout}; 1 ms to a day (zero would time out every operation)
 */
@Validated
@ConfigurationProperties("genserver.slow-operations")
record SlowOperationsProperties(@DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1)
        @DurationMax(days = 1) Duration timeoutMargin) {
}
