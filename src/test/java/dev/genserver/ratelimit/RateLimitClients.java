package dev.genserver.ratelimit;

import dev.genserver.keyed.ProcessDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

/** The rate limiter's client bean built without Spring, for tests in other packages (the cluster's). */
public final class RateLimitClients {

    private RateLimitClients() {
    }

    /** Buckets of {@code capacity} tokens refilled at {@code refillPerSecond}, their processes in {@code directory}. */
    public static RateLimiter on(ProcessDirectory directory, Clock clock, int capacity, String refillPerSecond,
            Duration idleTimeout) {
        return new RateLimiter(directory, new RateLimitProperties(capacity, new BigDecimal(refillPerSecond),
                idleTimeout, 10_000), clock);
    }
}
