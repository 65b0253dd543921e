package dev.genserver.jobs;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * {@code {"queued", "running", "succeeded", "failed", "workers", "capacity"}}. In cluster mode each instance runs
 * a queue of its own, and the counts are the sums over the instances (each refuses submits beyond its own
 * capacity).
 */
record JobStats(@Schema(description = "Jobs waiting for a worker now", example = "0") int queued,
                @Schema(description = "Jobs with a worker now", example = "1") int running,
                @Schema(description = "Jobs that succeeded since the queue started (not only the retained ones)",
                        example = "12") long succeeded,
                @Schema(description = "Jobs that failed since the queue started", example = "1") long failed,
                @Schema(description = "The most jobs that run at once", example = "4") int workers,
                @Schema(description = "The most jobs that wait; beyond it, submits are refused with 503 overloaded "
                        + "(in cluster mode the sum of the instances' capacities, each refusing beyond its own)",
                        example = "1000") int capacity)
        implements Serializable {

    /** The counts of two queues together. */
    JobStats plus(JobStats other) {
        return new JobStats(queued + other.queued, running + other.running, succeeded + other.succeeded,
                failed + other.failed, workers + other.workers, capacity + other.capacity);
    }
}
