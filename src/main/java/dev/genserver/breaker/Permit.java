package dev.genserver.breaker;

import java.io.Serializable;
import java.time.Duration;

/** The answer to an acquire; a refusal is a return value, not a failure of the breaker process. */
sealed interface Permit extends Serializable {

    /** The call may proceed; {@code phase} is closed, or half_open for the one trial. */
    record Admitted(Phase phase) implements Permit { }

    /** Open, or half_open with the trial out: try again after {@code retryAfter}. */
    record Refused(Phase phase, Duration retryAfter) implements Permit { }
}
