package dev.genserver.breaker;

import dev.genserver.runtime.TimerRef;
import java.io.Serializable;
import java.time.Instant;

/**
 * A breaker's state, owned by its process (not thread-safe). {@code generation} changes on every transition;
 * timers carry the generation they were set in, so a timer from an earlier phase that fires anyway (cancelling
 * can lose the race with firing) is recognised as stale and ignored. The times a phase ends at are kept too, so a
 * breaker without timers (replicated in cluster mode) makes the same transitions when it next hears from anyone.
 */
final class BreakerState implements Serializable {

    Phase phase = Phase.CLOSED;
    /** Consecutive failures; a success while closed, or closing, resets it. */
    int failures;
    long generation;
    /** When an open breaker turns half_open (also for {@code Retry-After}). */
    Instant openUntil = Instant.EPOCH;
    /** Half_open only: the one trial has been admitted and has not reported yet. */
    boolean trialOut;
    /** When a trial that is out and has not reported re-opens the breaker. */
    Instant trialUntil = Instant.EPOCH;
    /** The pending timer of this phase (half_open due, or trial expiry), if any; local to its process. */
    transient TimerRef timer;

    @Override
    public String toString() {
        return "BreakerState[" + phase.wireName() + ", failures=" + failures + ", generation=" + generation
                + (trialOut ? ", trial out" : "") + "]";
    }
}
