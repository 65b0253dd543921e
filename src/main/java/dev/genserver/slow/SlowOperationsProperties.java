package dev.genserver.slow;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.slow-operations.*}.
 *
 * @param timeoutMargin how much longer than an operation's delay its caller waits for the answer before giving up
 *                      with 504 {@code timeout}
 */
@Validated
@ConfigurationProperties("genserver.slow-operations")
record SlowOperationsProperties(@DefaultValue("5") @DurationUnit(ChronoUnit.SECONDS) Duration timeoutMargin) {
}
