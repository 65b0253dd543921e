package dev.genserver.runtime;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The end of a bounded wait (a call, a stop, a supervisor's shutdown of a child), measured on the runtime's
 * {@link TimerService} as every other time the runtime keeps: OTP's {@code receive ... after Timeout} counts on the
 * same clock as its timers. With the default service that clock is {@link System#nanoTime()}, which
 * {@link LockSupport#parkNanos} waits on directly. Any other service (a test's manual time) cannot be waited on
 * that way, so a timer of its own wakes the waiter when its time comes: a call then times out when the test moves
 * time past the deadline, and never by the wall clock. Used by one waiting thread.
 */
final class Deadline {

    private final TimerService timers;
    private final long at;
    /** The wake-up timer on a service other than the default: scheduled by the first park, again after it fired. */
    private TimerRef wake;
    /** Set when {@link #wake} has fired: a service whose tasks may run before its clock reaches their time. */
    private volatile boolean woken;

    /** {@code at}, a value of {@code timers}' clock. */
    Deadline(TimerService timers, long at) {
        this.timers = timers;
        this.at = at;
    }

    /** Whether {@code timers}' clock is {@link System#nanoTime()}, which a thread can park on directly. */
    static boolean isSystemClock(TimerService timers) {
        return timers instanceof ScheduledTimerService;
    }

    /** {@code timeout} from now on {@code timers}' clock. */
    static Deadline after(TimerService timers, Duration timeout) {
        return new Deadline(timers, timers.nanoTime() + timeout.toNanos());
    }

    /** Nanoseconds left, on the runtime's clock; zero or less once the deadline has passed. */
    long remaining() {
        return at - timers.nanoTime();
    }

    /** Parks until unparked, or until about the deadline; as any park, it may return early for no reason. */
    void park(Object blocker) {
        long remaining = remaining();
        if (remaining <= 0) {
            return;
        }
        if (isSystemClock(timers)) {
            LockSupport.parkNanos(blocker, remaining);
            return;
        }
        if (wake == null || woken) {
            // Again if the last one fired with time left: a wait with no timer pending could never end.
            woken = false;
            Thread waiter = Thread.currentThread();
            wake = timers.scheduleAt(() -> {
                woken = true;
                LockSupport.unpark(waiter);
            }, at);
            if (remaining() <= 0) {
                return; // the clock passed the deadline while the wake-up was scheduled, which may then never run
            }
        }
        LockSupport.park(blocker);
    }

    /** Cancels the wake-up timer, if there is one; the wait is over. */
    void done() {
        if (wake != null) {
            wake.cancel();
        }
    }
}
