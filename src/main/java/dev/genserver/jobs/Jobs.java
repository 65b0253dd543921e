package dev.genserver.jobs;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
import dev.genserver.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
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
    /** How long a refused client should wait: a worker slot usually frees within a second or so. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

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
     * @throws ApiException 503 {@code overloaded} with {@code Retry-After} when {@code capacity} jobs already wait
     */
    public JobView submit(long durationMs, boolean fail) {
        return process.pid().call(new JobQueueServer.Submit(Duration.ofMillis(durationMs), fail))
                .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                        "the job queue is full; retry later", RETRY_AFTER));
    }

    /**
     * A job's status (a call).
     *
     * @throws ApiException 404 {@code not_found} for an unknown job, or a finished one past retention
     */
    public JobView find(String id) {
        return process.pid().call(new JobQueueServer.Lookup(id))
                .orElseThrow(() -> ApiException.notFound("no such job"));
    }

    /**
     * Cancels a waiting job (a call).
     *
     * @throws ApiException 404 {@code not_found}; 409 {@code not_cancellable} for a running or finished job
     */
    public void cancel(String id) {
        switch (process.pid().call(new JobQueueServer.Cancel(id))) {
            case CANCELLED -> { }
            case NOT_FOUND -> throw ApiException.notFound("no such job");
            case NOT_CANCELLABLE -> throw new ApiException(HttpStatus.CONFLICT, "not_cancellable",
                    "only a queued job can be cancelled");
        }
    }

    /** Counts of waiting, running and finished jobs, and the limits (a call). */
    public JobStats stats() {
        return process.pid().call(new JobQueueServer.Stats());
    }
}
