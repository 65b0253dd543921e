package dev.genserver.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link TimerService}: one daemon platform thread firing tasks from a delay queue. Fired tasks only
 * enqueue a message, so one thread keeps up; cancelled tasks leave the queue at once, so a million processes
 * with idle timeouts that keep being re-armed do not pile up dead entries.
 */
final class ScheduledTimerService implements TimerService {

    private static final ScheduledTimerService SHARED = new ScheduledTimerService();

    private final ScheduledThreadPoolExecutor executor;

    private ScheduledTimerService() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "genserver-timers");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    static ScheduledTimerService shared() {
        return SHARED;
    }

    @Override
    public TimerRef schedule(Runnable task, Duration delay) {
        return scheduleIn(task, Timeouts.capped(delay).toNanos(), nanoTime());
    }

    @Override
    public TimerRef scheduleAt(Runnable task, long dueNanos) {
        long now = nanoTime();
        return scheduleIn(task, dueNanos - now, now);
    }

    private TimerRef scheduleIn(Runnable task, long delayNanos, long now) {
        delayNanos = Math.max(0, delayNanos);
        Timer timer = new Timer(task, now + delayNanos);
        timer.future = executor.schedule(timer, delayNanos, TimeUnit.NANOSECONDS);
        return timer;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * A task that runs at most once, and not at all if cancelled first. Firing and cancelling both claim the
     * timer and only one can: {@link ScheduledFuture#cancel} alone cannot promise that, since it succeeds while
     * the task is already running.
     */
    private static final class Timer implements TimerRef, Runnable {

        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Timer.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Runnable task;
        private final long dueNanos;
        /** Set by whichever comes first, the firing or a cancel. */
        private volatile boolean claimed;
        /** Set once by {@link #schedule}, before the timer is handed out; volatile as any thread may cancel. */
        volatile ScheduledFuture<?> future;

        Timer(Runnable task, long dueNanos) {
            this.task = task;
            this.dueNanos = dueNanos;
        }

        @Override
        public void run() {
            if (CLAIMED.compareAndSet(this, false, true)) {
                task.run();
            }
        }

        @Override
        public Optional<Duration> timeLeft() {
            return claimed ? Optional.empty() : Optional.of(left());
        }

        @Override
        public Optional<Duration> cancel() {
            if (!CLAIMED.compareAndSet(this, false, true)) {
                return Optional.empty();
            }
            future.cancel(false); // out of the delay queue now rather than at its due time
            return Optional.of(left());
        }

        private Duration left() {
            return Duration.ofNanos(Math.max(0, dueNanos - System.nanoTime()));
        }
    }
}
