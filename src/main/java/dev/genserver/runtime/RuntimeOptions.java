package dev.genserver.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runtime-wide settings. Immutable; each {@code with…} returns a copy and validates its argument at once.
 *
 * @param defaultCallTimeout  the timeout of {@link Pid#call(Call)} (OTP's 5 s)
 * @param mailboxCapacity     the default mailbox bound (messages waiting, per process)
 * @param shutdownTimeout     how long {@link ProcessRuntime#close()} gives the processes outside any supervisor,
 *                            together, to run {@code terminate} before killing them; a supervised process gets
 *                            its child spec's shutdown instead, and a top-level supervisor as long as its
 *                            children take
 * @param throughput          how many messages a process handles before its drainer yields its carrier thread,
 *                            so one busy process cannot starve the others
 * @param clock               wall-clock time, for start times shown by introspection
 * @param timers              delayed tasks and monotonic time (a manual one in tests)
 * @param executor            where mailbox drainers run; the default starts a virtual thread per drain, so a
 *                            handler that blocks parks its virtual thread and stalls no other process. One passed
 *                            in stays the caller's: {@link ProcessRuntime#close()} does not shut it down
 * @param listener            observes process lifecycle and messages (metrics); {@link RuntimeListener#NONE}
 * @param slowHandlerThreshold a handler still running after this long is reported (a warning log and
 *                            {@link RuntimeListener#handlerSlow}); {@link Duration#ZERO}, the default, turns the
 *                            watch off
 */
public record RuntimeOptions(Duration defaultCallTimeout, int mailboxCapacity, Duration shutdownTimeout,
                             int throughput, Clock clock, TimerService timers, Executor executor,
                             RuntimeListener listener, Duration slowHandlerThreshold) {

    /**
     * Checks every setting: the timeouts positive, the mailbox bound and throughput at least 1, the slow-handler
     * threshold not negative, none null.
     *
     * @throws NullPointerException     if {@code defaultCallTimeout}, {@code shutdownTimeout}, {@code clock},
     *                                  {@code timers}, {@code executor}, {@code listener} or
     *                                  {@code slowHandlerThreshold} is null
     * @throws IllegalArgumentException if {@code defaultCallTimeout} or {@code shutdownTimeout} is zero or negative,
     *                                  {@code mailboxCapacity} or {@code throughput} is less than 1, or
     *                                  {@code slowHandlerThreshold} is negative
     */
    public RuntimeOptions {
        requirePositive("defaultCallTimeout", defaultCallTimeout);
        requirePositive("shutdownTimeout", shutdownTimeout);
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("mailboxCapacity must be >= 1: " + mailboxCapacity);
        }
        if (throughput < 1) {
            throw new IllegalArgumentException("throughput must be >= 1: " + throughput);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(slowHandlerThreshold, "slowHandlerThreshold");
        if (slowHandlerThreshold.isNegative()) {
            throw new IllegalArgumentException("slowHandlerThreshold must not be negative: " + slowHandlerThreshold);
        }
    }

    /** 5 s calls, 10,000-message mailboxes, 5 s shutdown, throughput 64, system clock, virtual threads. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Duration.ofSeconds(5), 10_000, Duration.ofSeconds(5), 64, Clock.systemUTC(),
                ScheduledTimerService.shared(), Thread::startVirtualThread, RuntimeListener.NONE, Duration.ZERO);
    }

    /** The timeout of a call that names none (OTP's 5 s). */
    public RuntimeOptions withDefaultCallTimeout(Duration timeout) {
        return new RuntimeOptions(timeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers, executor,
                listener, slowHandlerThreshold);
    }

    /** The default mailbox bound, for a process whose {@link StartOptions} leave it at 0. */
    public RuntimeOptions withMailboxCapacity(int capacity) {
        return new RuntimeOptions(defaultCallTimeout, capacity, shutdownTimeout, throughput, clock, timers, executor,
                listener, slowHandlerThreshold);
    }

    /** How long {@link ProcessRuntime#close()} gives the unsupervised processes to run {@code terminate}. */
    public RuntimeOptions withShutdownTimeout(Duration timeout) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, timeout, throughput, clock, timers, executor,
                listener, slowHandlerThreshold);
    }

    /** How many messages a drainer handles before it yields its carrier thread. */
    public RuntimeOptions withThroughput(int throughput) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, slowHandlerThreshold);
    }

    /** The wall clock for the start times introspection shows. */
    public RuntimeOptions withClock(Clock clock) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, slowHandlerThreshold);
    }

    /** Where delayed tasks and monotonic time come from (a manual service in tests). */
    public RuntimeOptions withTimers(TimerService timers) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, slowHandlerThreshold);
    }

    /**
     * Where mailbox drainers run. The executor stays the caller's: {@link ProcessRuntime#close()} does not shut it
     * down, so a pool of non-daemon threads keeps the JVM alive until the caller shuts it.
     */
    public RuntimeOptions withExecutor(Executor executor) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, slowHandlerThreshold);
    }

    /** Observes process lifecycle and messages, for metrics. */
    public RuntimeOptions withListener(RuntimeListener listener) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, slowHandlerThreshold);
    }

    /** Reports handlers running longer than {@code threshold}; {@link Duration#ZERO} turns the watch off. */
    public RuntimeOptions withSlowHandlerThreshold(Duration threshold) {
        return new RuntimeOptions(defaultCallTimeout, mailboxCapacity, shutdownTimeout, throughput, clock, timers,
                executor, listener, threshold);
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
