package dev.genserver.session;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code genserver.sessions.*}. Durations are seconds when given as a bare number; {@code 500ms}, {@code 10s},
 * {@code 5m} work too.
 *
 * @param ttl             how long a session lives after its last refresh (the seed's {@code @session_timeout})
 * @param cleanupInterval the pause between two cleanups; when not set, the TTL (as the seed schedules it)
 */
@ConfigurationProperties("genserver.sessions")
record SessionProperties(
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
        @DurationUnit(ChronoUnit.SECONDS) Duration cleanupInterval) {

    SessionProperties {
        requirePositive("genserver.sessions.ttl", ttl);
        // A record component cannot default to another one, so an absent interval is resolved here.
        cleanupInterval = cleanupInterval == null ? ttl : cleanupInterval;
        requirePositive("genserver.sessions.cleanup-interval", cleanupInterval);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
