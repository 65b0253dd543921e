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
 * @param cleanupInterval the pause between two cleanups, 1 ms to 49 days; when not set, the TTL (as the seed
 *                        schedules it), within those bounds
 * @param maxCount        how many sessions may exist at once; creating one more (after expired ones are dropped)
 *                        answers 503 {@code max_sessions}, so no client can exhaust memory by logging in
 */
@ConfigurationProperties("genserver.sessions")
record SessionProperties(
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
        @DurationUnit(ChronoUnit.SECONDS) Duration cleanupInterval,
        @DefaultValue("100000") int maxCount) {

    /** Within OTP's longest timeout (49.7 days), as the service's other durations. */
    private static final Duration LONGEST_INTERVAL = Duration.ofDays(49);
    /** The scheduler counts the pause in whole milliseconds. */
    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(1);

    SessionProperties {
        if (maxCount < 1) {
            throw new IllegalArgumentException("genserver.sessions.max-count must be >= 1: " + maxCount);
        }
        requirePositive("genserver.sessions.ttl", ttl);
        // A record component cannot default to another one, so an absent interval is resolved here.
        cleanupInterval = cleanupInterval == null ? within(ttl) : cleanupInterval;
        if (cleanupInterval.compareTo(SHORTEST_INTERVAL) < 0 || cleanupInterval.compareTo(LONGEST_INTERVAL) > 0) {
            throw new IllegalArgumentException("genserver.sessions.cleanup-interval must be 1ms to 49 days: "
                    + cleanupInterval);
        }
    }

    private static Duration within(Duration interval) {
        return interval.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL
                : interval.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : interval;
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
