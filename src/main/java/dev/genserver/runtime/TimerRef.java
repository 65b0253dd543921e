package dev.genserver.runtime;

/** A timer started with {@link ProcessRuntime#sendAfter}; cancel it with {@link ProcessRuntime#cancelTimer}. */
public interface TimerRef {

    /** Cancels the timer; true if it had not fired yet. */
    boolean cancel();
}
