package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * A dynamic supervisor's bounds ({@code DynamicSupervisor.init/1}'s options): {@code maxChildren}, so no client
 * can exhaust memory by creating processes, and the restart intensity for children that are restarted.
 */
public record DynamicSupervisorSpec(int maxChildren, int maxRestarts, Duration period) {

    /**
     * Checks the bounds: {@code maxChildren} and {@code maxRestarts} at least 0 (a {@code maxChildren} of 0, as
     * Elixir allows, takes no child), {@code period} positive.
     *
     * @throws NullPointerException     if {@code period} is null
     * @throws IllegalArgumentException if {@code maxChildren} or {@code maxRestarts} is negative, or {@code period}
     *                                  is zero or negative
     */
    public DynamicSupervisorSpec {
        Objects.requireNonNull(period, "period");
        if (maxChildren < 0) { // dynamic_supervisor.ex validate_dynamic: 0 is allowed, and takes no child
            throw new IllegalArgumentException("maxChildren must be >= 0: " + maxChildren);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be >= 0: " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /**
     * At most {@code maxChildren} children, with Elixir's default intensity of 3 restarts in 5 seconds (Erlang's
     * supervisors default to 1 in 5).
     */
    public static DynamicSupervisorSpec withMaxChildren(int maxChildren) {
        return new DynamicSupervisorSpec(maxChildren, 3, Duration.ofSeconds(5));
    }
}
