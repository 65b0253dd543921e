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

    /**
     * Runs {@code task} once when {@link #nanoTime()} reaches {@code dueNanos}, a value of that clock (at once if it
     * has); as {@link #schedule} otherwise. The runtime schedules by a deadline whenever it read the clock before:
     * a delay would count again from wherever the clock has got to meanwhile, and fire late by that. The default
     * turns it into the delay left now, which is exact for a clock no other thread moves in between; a service whose
     * time another thread moves (a test's manual time) overrides it.
     */
    default TimerRef scheduleAt(Runnable task, long dueNanos) {
        return schedule(task, Duration.ofNanos(Math.max(0, dueNanos - nanoTime())));
    }

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();
}
