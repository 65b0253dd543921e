package dev.genserver.jobs;

import java.io.Serializable;

/**
 * {@code {"queued", "running", "succeeded", "failed", "workers", "capacity"}}. In cluster mode each instance runs
 * a queue of its own, and the counts are the sums over the instances (each refuses submits beyond its own
 * capacity).
 *
 * @param queued    jobs waiting for a worker now
 * @param running   jobs with a worker now
 * @param succeeded jobs that succeeded since the queue started (not only the retained ones)
 * @param failed    jobs that failed since the queue started
 * @param workers   the most jobs that run at once
 * @param capacity  the most jobs that wait; beyond it, submits are refused with 503 {@code overloaded} (in cluster
 *                  mode the sum of the instances' capacities, each refusing beyond its own)
 */
record JobStats(int queued, int running, long succeeded, long failed, int workers, int capacity)
        implements Serializable {

    /** The counts of two queues together. */
    JobStats plus(JobStats other) {
        return new JobStats(queued + other.queued, running + other.running, succeeded + other.succeeded,
                failed + other.failed, workers + other.workers, capacity + other.capacity);
    }
}
