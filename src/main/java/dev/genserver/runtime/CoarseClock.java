package dev.genserver.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A copy of {@link System#nanoTime()} refreshed every 10 ms by one daemon thread, read with a single
 * volatile load. Reading the real clock costs about 23 ns here, a fifth of a whole call handled on the caller's
 * thread, and that path needs the time twice (before and after the handler) only to notice a handler that ran
 * past a timeout of seconds. Short timeouts and sampled timings still read the real clock.
 *
 * <p>The thread ticks only while at least one runtime is open, so a JVM that closed its runtimes pays nothing.
 * A stale reading can only make a handler look up to a tick or two slower than it was.
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

    private static final AtomicInteger OPEN_RUNTIMES = new AtomicInteger();
    private static volatile long now = System.nanoTime();
    private static final Thread TICKER = Thread.ofPlatform().daemon().name("genserver-clock")
            .unstarted(CoarseClock::tick);

    static {
        TICKER.start();
    }

    private CoarseClock() {
    }

    /** The real clock as of at most about a tick ago. */
    static long nanoTime() {
        return now;
    }

    /** A runtime opened: the copy must be fresh from now on. */
    static void opened() {
        now = System.nanoTime();
        if (OPEN_RUNTIMES.getAndIncrement() == 0) {
            LockSupport.unpark(TICKER);
        }
    }

    static void closed() {
        OPEN_RUNTIMES.decrementAndGet();
    }

    private static void tick() {
        while (true) {
            if (OPEN_RUNTIMES.get() == 0) {
                LockSupport.park();
                continue;
            }
            now = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
        }
    }
}
