package dev.genserver.jobs;

/**
 * {@code {"queued", "running", "succeeded", "failed", "workers", "capacity"}}.
 *
 * @param queued    jobs waiting for a worker now
 * @param running   jobs with a worker now
 * @param succeeded jobs that succeeded since the queue started (not only the retained ones)
 * @param failed    jobs that failed since the queue started
 * @param workers   the most jobs that run at once
 * @param capacity  the most jobs that wait; beyond it, submits are refused with 503 {@code overloaded}
 */
record JobStats(int queued, int running, long succeeded, long failed, int workers, int capacity) {
}
