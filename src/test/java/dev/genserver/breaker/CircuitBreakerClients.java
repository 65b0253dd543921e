package dev.genserver.breaker;

import dev.genserver.keyed.ProcessDirectory;
import java.time.Clock;
import java.time.Duration;

/** The circuit breakers' client bean built without Spring, for tests in other packages (the cluster's). */
public final class CircuitBreakerClients {

    private CircuitBreakerClients() {
    }

    /** Breakers opening after {@code failureThreshold} failures for {@code openTimeout}, in {@code directory}. */
    public static CircuitBreakers on(ProcessDirectory directory, Clock clock, int failureThreshold,
            Duration openTimeout) {
        return new CircuitBreakers(directory, new CircuitBreakerProperties(failureThreshold, openTimeout,
                Duration.ofMinutes(10), 10_000), clock);
    }
}
