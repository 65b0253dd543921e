package dev.genserver.ratelimit;

import java.io.Serializable;

/**
 * The answer to an acquire: a return value either way, since being limited is part of the protocol, not a
 * failure of the process.
 */
sealed interface Decision extends Serializable {

    /** Whole tokens left after this decision (rounded down). */
    long remaining();

    /** Whole seconds until the bucket is full again. */
    long resetSeconds();

    /** The permits were taken. */
    record Allowed(long remaining, long resetSeconds) implements Decision { }

    /** Not enough tokens; nothing was taken. {@code retryAfterSeconds} is when enough will be there (≥ 1). */
    record Limited(long remaining, long resetSeconds, long retryAfterSeconds) implements Decision { }
}
