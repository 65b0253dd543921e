package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/** The bound every timeout a callback asks for is checked against ({@link Next#MAX_TIMEOUT}), and OTP's infinity. */
final class Timeouts {

    /**
     * OTP's {@code infinity} as a wait: 146 years, short enough that a deadline from now cannot overflow. What the
     * supervisors' API calls wait ({@code supervisor:call/2} is {@code gen_server:call(Sup, Req, infinity)}), and
     * {@link Shutdown#infinity()}.
     */
    static final Duration INFINITY = Duration.ofNanos(Long.MAX_VALUE / 2);

    private Timeouts() {
    }

    /**
     * {@code timeout}, if a caller may wait that long: zero or more, as gen.erl's {@code call/4} guard
     * ({@code Timeout >= 0}) has it, so that a negative one fails in the caller before anything is sent. One longer
     * than {@link #INFINITY} is {@link #capped} to it.
     */
    static Duration checkWait(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout must not be negative: " + timeout);
        }
        return capped(timeout);
    }

    /**
     * {@code duration}, or {@link #INFINITY} if longer: a deadline is a {@code long} of nanoseconds, which a longer
     * one (about 292 years and more, {@code ChronoUnit.FOREVER}) overflows, and no wait can tell the two apart.
     */
    static Duration capped(Duration duration) {
        return duration.compareTo(INFINITY) > 0 ? INFINITY : duration;
    }

    /** {@code after}, if it is a timeout OTP would take: 0 to {@link Next#MAX_TIMEOUT}. */
    static Duration check(String what, Duration after) {
        Objects.requireNonNull(after, what);
        if (after.isNegative() || after.compareTo(Next.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be between 0 and " + Next.MAX_TIMEOUT.toMillis()
                    + " ms: " + after);
        }
        return after;
    }
}
