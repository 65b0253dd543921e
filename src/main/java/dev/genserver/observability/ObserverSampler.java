package dev.genserver.observability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes the observer's chart points on a thread of its own, from the start of the context to its close, so the
 * charts hold the last five minutes when the page opens. One sample reads the per-service figures the metrics
 * export (one walk of the process table, shared with a scrape within 100 ms) and the mailbox-wait histograms.
 * Once a second, unless a sample takes longer than {@link #BUDGET} of the time between two: with a million
 * processes a walk takes tens of milliseconds (docs/performance.md), and the sampler then spaces its samples so
 * that it never costs more than 1 % of one core. What counts is the sampler thread's CPU time, not the time the
 * sample took: on a busy machine a cheap sample may wait half a second for a core, or for a GC pause, and spacing the
 * next by its wait left the charts empty for the next 50 s, just when an operator looks at the load. Each point
 * carries its time, so the charts stay true.
 *
 * <p>Thread-safe.
 */
@Component
final class ObserverSampler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverSampler.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The share of its time the sampler may spend sampling. */
    static final double BUDGET = 0.01;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Observer observer;
    private ScheduledExecutorService timer;

    ObserverSampler(Observer observer) {
        this.observer = observer;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("observer-sampler")
                .factory());
        timer.schedule(this::sample, 0, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long started = System.nanoTime();
        long cpuStarted = cpuNanos();
        try {
            if (!observer.isClosed()) {
                observer.sample();
            }
        } catch (RuntimeException failure) {
            LOG.warn("observer sample failed", failure);
        }
        long took = System.nanoTime() - started;
        long worked = cpuStarted < 0 ? -1 : cpuNanos() - cpuStarted;
        synchronized (this) {
            if (timer != null) {
                timer.schedule(this::sample, nextDelayNanos(took, worked), TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The wait before the next sample, given the last one's time from start to end and its CPU time (negative where
     * the JVM cannot measure a thread's, when its time from start to end counts instead): a second after the last
     * began, or later if its CPU time was more than {@link #BUDGET} of that; at once if it took longer.
     */
    static long nextDelayNanos(long tookNanos, long cpuNanos) {
        return Math.max(0, spacingNanos(tookNanos, cpuNanos) - tookNanos);
    }

    /**
     * How far apart two starts of a piece of the observer's work that costs time with the processes (a sample, a
     * rate survey) must be, given the last one's time from start to end and its CPU time (negative where it could
     * not be measured, when its time from start to end counts instead): {@link #INTERVAL}, or longer if its CPU time
     * was more than {@link #BUDGET} of that.
     */
    static long spacingNanos(long tookNanos, long cpuNanos) {
        long worked = cpuNanos < 0 ? tookNanos : cpuNanos;
        return Math.max(INTERVAL.toNanos(), (long) (worked / BUDGET));
    }

    /**
     * Whether the JVM measures a platform thread's CPU time now: it may not support it at all, and it may be
     * disabled ({@link ThreadMXBean#setThreadCpuTimeEnabled}, which a management client can call at any time).
     */
    static boolean cpuTimeMeasured() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** This thread's CPU time, or -1 where the JVM does not measure it (as on a virtual thread). */
    static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
