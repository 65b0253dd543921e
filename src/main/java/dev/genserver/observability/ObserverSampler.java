package dev.genserver.observability;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes the observer's chart points once a second on a thread of its own, from the start of the context to its
 * close, so the charts hold the last five minutes when the page opens. One sample reads the per-service figures
 * the metrics export (one walk of the process table, shared with a scrape within 100 ms) and the mailbox-wait
 * histograms; see docs/performance.md for what that costs with a million processes.
 *
 * <p>Thread-safe.
 */
@Component
final class ObserverSampler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverSampler.class);

    private final Observer observer;
    private ScheduledExecutorService timer;

    ObserverSampler(Observer observer) {
        this.observer = observer;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("observer-sampler")
                .factory());
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            if (!observer.isClosed()) {
                observer.sample();
            }
        } catch (RuntimeException failure) {
            LOG.warn("observer sample failed", failure);
        }
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
