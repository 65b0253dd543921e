package dev.genserver.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A copy of {@link System#nanoTime()} refreshed every 10 ms by one daemon thread, read with a single
 * volatile load. Reading the real clock costs about 23 ns here, a fifth of a whole call handled on the caller's
 * thread, and that path needs the time twice (before and after the handler) only to notice a handler that ran
 * past a timeout of seconds. Short timeouts and sampled timings still read the real clock.
 *
 * <p>The thread ticks only while the copy is read. After a whole tick without a reading it marks the copy
 * {@link #ASLEEP} and parks; the next reader finds that mark, wakes it and reads the real clock itself. So an idle
 * service pays no wake-ups, and under load the readers pay one extra load and, once a tick, one write. A stale
 * reading can only make a handler look up to a tick or two slower than it was.
 */
final class CoarseClock {

    /**
     * How often the copy is refreshed: within 1 % of the shortest timeout it serves. Each tick wakes a platform
     * thread, and a thousand a second took 2.4 % of a core on an idle service and pre-empted request threads
     * under load; a hundred cost a third of that.
     */
    static final long TICK_NANOS = 10_000_000;
    /** Timeouts below this are checked against the real clock, so a tick is never a large part of them. */
    static final long PRECISE_BELOW_NANOS = 1_000_000_000;
    /**
     * The copy while the thread sleeps. Should the real clock ever read exactly this, a reader merely takes the
     * real clock once more, which is never wrong.
     */
    private static final long ASLEEP = Long.MIN_VALUE;

    private static volatile long now = ASLEEP;
    /** Whether the copy was read since the last tick; set by readers once a tick, cleared by the thread. */
    private static volatile boolean read;
    /** Set by the one reader that wakes the thread, so a burst of readers after a quiet spell unparks it once. */
    private static final AtomicBoolean AWAKE = new AtomicBoolean();
    private static final Thread TICKER = Thread.ofPlatform().daemon().name("genserver-clock")
            .unstarted(CoarseClock::tick);

    static {
        TICKER.start();
    }

    private CoarseClock() {
    }

    /** The real clock as of at most about a tick ago. */
    static long nanoTime() {
        long copy = now;
        if (copy == ASLEEP) {
            if (!AWAKE.get() && AWAKE.compareAndSet(false, true)) {
                LockSupport.unpark(TICKER);
            }
            return System.nanoTime();
        }
        if (!read) {
            read = true;
        }
        return copy;
    }

    /** The ticking thread, for tests: parked without a deadline while it sleeps. */
    static Thread ticker() {
        return TICKER;
    }

    private static void tick() {
        while (true) {
            while (!AWAKE.get()) {
                LockSupport.park();
            }
            read = false;
            now = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
            if (!read) {
                // AWAKE goes first: a reader that sees the mark must find the thread asleep, or its wake is lost.
                AWAKE.set(false);
                now = ASLEEP;
            }
        }
    }
}
