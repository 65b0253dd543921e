package dev.genserver.jobs;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains the job queue when the application stops ({@link Jobs#drain}): after the web server has stopped
 * ({@code DEFAULT_PHASE - 2048}), so no request submits a job any more, and before a cluster member leaves its
 * cluster ({@code DEFAULT_PHASE - 3072}), so every job's end is recorded there while the member can still record it.
 * The queue used to wait for its running jobs only when the process tree stopped, after the member had left: the
 * other members reported those jobs failed with {@code node_down} while they still ran here, and a client that
 * submitted one again ran it twice. On one instance it moves that wait ahead of the tree's stop, and logs it.
 */
@Component
final class JobQueueDrain implements SmartLifecycle {

    /** Spring stops higher phases first: the web server's, then this, then the cluster member's, then the tree's. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2560;

    private final Jobs jobs;
    private volatile boolean running;

    JobQueueDrain(Jobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        jobs.drain();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Never paused, as the process tree is not: Spring pauses cached test contexts by stopping their lifecycle beans,
     * and a drained queue starts no job again. Only closing the context drains it.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
