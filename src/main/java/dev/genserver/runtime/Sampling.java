package dev.genserver.runtime;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which messages are timed. Reading the clock and recording into a histogram costs more than handling a
 * typical message, so call durations and mailbox waits are measured for one message in {@link #EVERY}: the
 * distribution stays right and the hot path stays cheap. Counts are never sampled.
 */
final class Sampling {

    /** One in this many calls and queued messages is timed; a power of two. */
    static final int EVERY = 64;
    private static final int MASK = EVERY - 1;

    private Sampling() {
    }

    /** A random draw: what varies per message for free (a count) begins alike in every process. */
    static boolean hit() {
        return (ThreadLocalRandom.current().nextInt() & MASK) == 0;
    }
}
