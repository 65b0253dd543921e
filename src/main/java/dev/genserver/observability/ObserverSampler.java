package dev.genserver.observability;

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
 * that it never costs more than 1 % of one core. Each point carries its time, so the charts stay true.
 *
 * <p>Thread-safe.
 */
@Component
final class ObserverSampler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverSampler.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The share of its time the sampler may spend sampling. */
    static final double BUDGET = 0.01;

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
        try {
            if (!observer.isClosed()) {
                observer.sample();
            }
        } catch (RuntimeException failure) {
            LOG.warn("observer sample failed", failure);
        }
        long took = System.nanoTime() - started;
        synchronized (this) {
            if (timer != null) {
                timer.schedule(this::sample, nextDelayNanos(took), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A second after the last began, or later if it took more than {@link #BUDGET} of that. */
    static long nextDelayNanos(long tookNanos) {
        return Math.max(INTERVAL.toNanos(), (long) (tookNanos / BUDGET)) - tookNanos;
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
