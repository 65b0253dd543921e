package dev.genserver.ratelimit;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.rate-limit.*}.
 *
 * @param capacity        tokens a bucket holds when full (the largest burst)
 * @param refillPerSecond tokens added per second, continuously; a decimal up to 1e9 ({@code 0.5} is one token every
 *                        two seconds), and at least {@code capacity} in 49 days, since the idle timeout must cover
 *                        the fill time (below 1e-9 it is refused before the fill time is worked out)
 * @param idleTimeout     a key's process stops after this long without messages; must be at least
 *                        {@code capacity / refillPerSecond}, so a bucket that idles out would have been full
 *                        anyway and starting afresh refunds nothing; at most 49 days (OTP's longest timeout is
 *                        49.7 days)
 * @param maxKeys         processes (keys) alive at once; beyond it acquire answers 503 {@code max_children}
 */
@Validated
@ConfigurationProperties("genserver.rate-limit")
record RateLimitProperties(
        @DefaultValue("10") @Min(1) @Max(1_000_000_000) int capacity,
        @DefaultValue("10") @NotNull @DecimalMin(MIN_REFILL) @DecimalMax(MAX_REFILL) BigDecimal refillPerSecond,
        @DefaultValue("60") @NotNull @DurationUnit(ChronoUnit.SECONDS) @DurationMax(days = 49) Duration idleTimeout,
        @DefaultValue("10000") @Min(1) int maxKeys) {

    static final String MIN_REFILL = "0.000000001";
    static final String MAX_REFILL = "1000000000";

    /** The time an empty bucket takes to fill up. */
    Duration fillTime() {
        return TokenBucket.secondsFor(BigDecimal.valueOf(capacity), refillPerSecond);
    }

    /** Checked at startup: the application refuses to start with an idle timeout shorter than the fill time. */
    @AssertTrue(message = "idle-timeout must be at least capacity / refill-per-second (the time an empty bucket "
            + "takes to fill), or a key that idles out would start afresh with tokens it could not have had")
    boolean isIdleTimeoutCoveringFillTime() {
        return refillPerSecond == null || idleTimeout == null || !isWithinBounds(refillPerSecond)
                || idleTimeout.compareTo(fillTime()) >= 0;
    }

    /** Out of them, the bounds' own message says so; the fill time of 1e-999999999 would not fit in memory. */
    private static boolean isWithinBounds(BigDecimal refill) {
        return refill.compareTo(new BigDecimal(MIN_REFILL)) >= 0 && refill.compareTo(new BigDecimal(MAX_REFILL)) <= 0;
    }
}
