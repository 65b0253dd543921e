package dev.genserver.breaker;

import java.io.Serializable;

/** A breaker's phase and its count of consecutive failures. */
record BreakerStatus(Phase phase, int failures) implements Serializable {

    /** What a name never used (or not running) reports. */
    static final BreakerStatus UNUSED = new BreakerStatus(Phase.CLOSED, 0);
}
