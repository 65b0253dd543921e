package dev.genserver.jobs;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.Result;
import java.time.Duration;
import java.util.Map;

/**
 * A short-lived process doing one job, started as Elixir's {@code Task.async} starts its task: monitored by the
 * queue, and linked to it so that it ends with a queue that is killed or crashes (the queue traps exits). It
 * starts its work right after {@code init} (a {@code {:continue, :run}}, so the queue's dispatch returns at
 * once), reports success to the queue and stops normally; a job asked to fail crashes the worker instead, and the
 * queue learns of it from the {@code DOWN} its monitor delivers, reason included.
 */
final class JobWorker implements GenServer<JobWorker.Assignment> {

    /** What the worker does and whom it tells. */
    record Assignment(String jobId, Duration duration, boolean fail, Pid queue) { }

    /** The worker's report, an info message to the queue: the job's work is done. */
    record Completed(String jobId) { }

    /** How a job that was asked to fail crashes its worker. */
    static final class JobFailedException extends RuntimeException {
        JobFailedException() {
            super("the job failed as requested");
        }
    }

    private enum Run { INSTANCE }

    private final Assignment assignment;
    private final JobWork work;

    JobWorker(Assignment assignment, JobWork work) {
        this.assignment = assignment;
        this.work = work;
    }

    @Override
    public Init<Assignment> init() {
        return Init.ok(assignment, Next.continueWith(Run.INSTANCE));
    }

    /**
     * Runs the work on the worker's own thread (blocking it is this process's purpose), then reports and stops.
     *
     * @return {@link Result#stop} with {@code :normal} once done
     * @throws JobFailedException when the job asked to fail: the crash is the report
     */
    @Override
    public Result<Assignment> handleContinue(Object arg, Assignment job) {
        try {
            work.perform(job.jobId(), job.duration());
        } catch (InterruptedException killed) {
            Thread.currentThread().interrupt();
            return Result.stop(ExitReason.abnormal("interrupted"), job);
        }
        if (job.fail()) {
            throw new JobFailedException();
        }
        try {
            job.queue().send(new Completed(job.jobId()));
        } catch (MailboxFullException full) {
            // The normal exit below still reaches the queue as a DOWN, which it counts as success.
        }
        return Result.stop(ExitReason.NORMAL, job);
    }

    /** What the job asked for, without its id: a job id is the capability to read or cancel the job. */
    @Override
    public Object formatStatus(Assignment job) {
        return Map.of("durationMs", job.duration().toMillis(), "fail", job.fail());
    }
}
