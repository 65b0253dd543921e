package dev.genserver.runtime;

import java.time.Duration;

/**
 * Where the runtime's time comes from: delayed tasks (timers, idle timeouts, async call timeouts) and the
 * monotonic clock that restart intensity and idle timeouts are measured with. Tests install a manual one and
 * move time forward instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimerService {

    /** Runs {@code task} once after {@code delay}, on a thread that must not block for long. */
    TimerRef schedule(Runnable task, Duration delay);

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();
}
