package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/** The bound every timeout a callback asks for is checked against ({@link Next#MAX_TIMEOUT}). */
final class Timeouts {

    private Timeouts() {
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
