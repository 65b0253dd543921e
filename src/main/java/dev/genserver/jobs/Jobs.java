package dev.genserver.jobs;

import static dev.genserver.app.Refusal.Reason.NOT_CANCELLABLE;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;
import static dev.genserver.app.Refusal.Reason.OVERLOADED;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Refusal;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The job queue's client API. Starts the queue as a permanent child of the root supervisor, registered as
 * {@code jobs}; its shutdown time leaves room for the queue to wait for running jobs.
 *
 * <p>Thread-safe: every method is a message to the {@code jobs} process.
 */
@Component
public class Jobs {

    static final Name NAME = Name.local("jobs");

    private final Singleton process;

    Jobs(ProcessTree tree, JobsProperties properties) {
        tree.startChild(ChildSpec.permanent("jobs", () -> new JobQueueServer(properties.workers(),
                        properties.capacity(), properties.retention(), properties.shutdownTimeout(), JobWork.SLEEP))
                .withOptions(StartOptions.named(NAME).withService("jobs"))
                .withShutdown(properties.shutdownTimeout().plusSeconds(1)));
        this.process = tree.singleton(NAME);
    }

    /**
     * Submits a job (a call): when it returns, the job is running or queued. {@code durationMs} is
     * 0..{@code max-duration}.
     *
     * @throws Refusal {@code overloaded} (retry soon) when {@code capacity} jobs already wait
     */
    public JobView submit(long durationMs, boolean fail) {
        return process.call(new JobQueueServer.Submit(Duration.ofMillis(durationMs), fail))
                .orElseThrow(() -> new Refusal(OVERLOADED, "the job queue is full; retry later"));
    }

    /**
     * A job's status (a call).
     *
     * @throws Refusal {@code not_found} for an unknown job, or a finished one past retention
     */
    public JobView find(String id) {
        return process.call(new JobQueueServer.Lookup(id))
                .orElseThrow(() -> new Refusal(NOT_FOUND, "no such job"));
    }

    /**
     * Cancels a waiting job (a call).
     *
     * @throws Refusal {@code not_found}; {@code not_cancellable} for a running or finished job
     */
    public void cancel(String id) {
        switch (process.call(new JobQueueServer.Cancel(id))) {
            case CANCELLED -> { }
            case NOT_FOUND -> throw new Refusal(NOT_FOUND, "no such job");
            case NOT_CANCELLABLE -> throw new Refusal(NOT_CANCELLABLE, "only a queued job can be cancelled");
        }
    }

    /** Counts of waiting, running and finished jobs, and the limits (a call). */
    public JobStats stats() {
        return process.call(new JobQueueServer.Stats());
    }
}
