package dev.genserver.jobs;

import dev.genserver.app.StopStep;
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
final class JobQueueDrain extends StopStep {

    /** Spring stops higher phases first: the web server's, then this, then the cluster member's, then the tree's. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2560;

    private final Jobs jobs;

    JobQueueDrain(Jobs jobs) {
        super(PHASE);
        this.jobs = jobs;
    }

    @Override
    protected void onStop() {
        jobs.drain();
    }
}
