package dev.genserver.runtime;

import java.time.Duration;
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
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
