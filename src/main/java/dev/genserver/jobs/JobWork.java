package dev.genserver.jobs;

import java.time.Duration;

/**
 * The work a worker does for a job. The service simulates work by sleeping; tests substitute work they complete
 * by hand, so no test depends on how long a sleep takes.
 */
@FunctionalInterface
interface JobWork {

    /** Sleeps for the job's duration, on the worker's own virtual thread. */
    JobWork SLEEP = (jobId, duration) -> Thread.sleep(duration);

    /**
     * Does the work of one job. Returning means it is done; an exception crashes the worker.
     *
     * @throws InterruptedException if the worker was killed meanwhile
     */
    void perform(String jobId, Duration duration) throws InterruptedException;
}
