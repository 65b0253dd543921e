package dev.genserver.runtime;

import java.time.Duration;

/**
 * Where the runtime's time comes from: delayed tasks (timers, idle timeouts, async call timeouts) and the
 * monotonic clock that restart intensity, idle timeouts and every bounded wait are measured with (a call's
 * timeout, a stop's, a supervisor's shutdown of a child). Tests install a manual one and move time forward instead
 * of sleeping: a caller blocked on a call then times out when the test moves time past its timeout, not before,
 * however long it waits in real time. Any service but the default has each such wait schedule a wake-up on it (a
 * thread cannot park on its clock): right for any clock, at the cost of a timer per blocked wait.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimerService {

    /**
     * Runs {@code task} once after {@code delay}, on a thread that must not block for long; not before
     * {@link #nanoTime()} has moved {@code delay} on. A bounded wait woken early schedules its wake-up again, so a
     * service that runs tasks early while its clock stands still keeps such a waiter busy until the clock moves.
     */
    TimerRef schedule(Runnable task, Duration delay);

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();
}
