package dev.genserver.jobs;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.Down;
import dev.genserver.runtime.Exit;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.InitFailedException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.Self;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.TimerService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue: dispatches jobs FIFO to at most {@code workers} worker processes, and never blocks — starting a
 * worker returns at once, and a worker's end arrives as a message.
 *
 * <pre>{@code
 * def handle_info({:DOWN, _ref, :process, _pid, _reason}, state) do   case Down down -> ended(down, table)
 *   # Handle monitored process crash
 *   {:noreply, state}
 * end
 * }</pre>
 *
 * A worker reports success with {@link JobWorker.Completed}; one that crashed is known only by its {@code DOWN}
 * (reason other than normal), which marks its job failed with the reason as {@code error}. Backpressure: once
 * {@code capacity} jobs wait, {@link Submit} answers empty instead of queueing more.
 */
final class JobQueueServer implements GenServer<JobTable> {

    /**
     * Submit a job under {@code id}, which its caller draws (so it can record the job's home before the job
     * exists); empty when {@code capacity} jobs already wait. Dispatched or queued when answered.
     */
    record Submit(String id, Duration duration, boolean fail) implements Call<Optional<JobView>> { }

    record Lookup(String id) implements Call<Optional<JobView>> { }

    record Cancel(String id) implements Call<CancelOutcome> { }

    record Stats() implements Call<JobStats> { }

    /**
     * The instance is stopping: start no more jobs, and answer (the counts, the jobs left queued among them) once
     * none runs. Jobs still running {@code shutdownTimeout} after the first drain are shut down, and fail with
     * {@code shutdown}. Their ends are recorded while the instance can still record them: in cluster mode, before
     * its member leaves, so no job is reported lost while it still runs ({@link JobQueueDrain}).
     */
    record Drain() implements Call<JobStats> { }

    /** The first drain's {@code shutdownTimeout} is over: jobs still running are shut down. */
    private enum DrainDeadline { INSTANCE }

    static final String WORKER_SERVICE = "jobs-worker";
    private static final Logger LOG = LoggerFactory.getLogger(JobQueueServer.class);

    private final int workers;
    private final int capacity;
    private final int retention;
    private final Duration shutdownTimeout;
    private final JobWork work;
    private final JobHomes homes;
    private final BooleanSupplier stopped;

    JobQueueServer(int workers, int capacity, int retention, Duration shutdownTimeout, JobWork work) {
        this(workers, capacity, retention, shutdownTimeout, work, JobHomes.HERE, () -> false);
    }

    /**
     * A queue that tells {@code homes} when a job ends and when it forgets one (cluster mode records both), and
     * starts no job once {@code stopped} says so: the instance's stop, when the queue did not take its drain in time,
     * tells it so without its mailbox, where a job's end ahead of any message would start the next job.
     */
    JobQueueServer(int workers, int capacity, int retention, Duration shutdownTimeout, JobWork work,
            JobHomes homes, BooleanSupplier stopped) {
        this.stopped = stopped;
        this.workers = workers;
        this.capacity = capacity;
        this.retention = retention;
        this.shutdownTimeout = shutdownTimeout;
        this.work = work;
        this.homes = homes;
    }

    /**
     * Traps exits: its workers are linked to it as well as monitored ({@link Self#startLinkMonitored}), so that they
     * end with it when it is killed or crashes (no terminate runs then to stop them), and a worker's end arrives as
     * an {@link Exit} message beside its {@code DOWN} instead of taking the queue with it.
     */
    @Override
    public Init<JobTable> init() {
        Self.trapExits(true);
        return Init.ok(new JobTable(capacity, retention));
    }

    @Override
    public CallResult<JobTable> handleCall(Call<?> request, From from, JobTable table) {
        return switch (request) {
            case Submit submit -> {
                Optional<Job> earlier = table.find(submit.id()); // a keyed request's retry: its first attempt's
                if (earlier.isPresent()) {
                    yield submit.reply(earlier.map(Job::view), table);
                }
                if (table.runningCount() >= workers && table.waitingFull()) {
                    // here, not by the caller: one whose call timed out (504) would leave the record naming a job
                    // nobody holds, which a keyed retry through another instance finds (it draws the same id)
                    homes.forgotten(submit.id());
                    yield submit.reply(Optional.empty(), table);
                }
                Job job = new Job(submit.id(), submit.duration(), submit.fail());
                table.enqueue(job);
                dispatch(table);
                yield submit.reply(Optional.of(job.view()), table);
            }
            case Lookup lookup -> lookup.reply(table.find(lookup.id()).map(Job::view), table);
            case Cancel cancel -> {
                CancelOutcome outcome = table.cancel(cancel.id());
                if (outcome == CancelOutcome.CANCELLED) {
                    homes.forgotten(cancel.id());
                }
                yield cancel.reply(outcome, table);
            }
            case Stats stats -> stats.reply(table.stats(workers), table);
            case Drain drain -> {
                if (!table.isDraining()) {
                    Self.sendAfter(DrainDeadline.INSTANCE, shutdownTimeout);
                }
                table.drainedBy(from);
                answerDrainers(table);
                yield Result.noreply(table);
            }
            default -> GenServer.super.handleCall(request, from, table);
        };
    }

    @Override
    public Result<JobTable> handleInfo(Object message, JobTable table) {
        switch (message) {
            case JobWorker.Completed completed -> table.find(completed.jobId())
                    .filter(job -> job.status == JobStatus.RUNNING)
                    .ifPresent(job -> {
                        Self.demonitor(job.monitor);
                        finish(table, job, null);
                    });
            case Down down -> {
                Job job = table.runningBy(down.pid());
                if (job != null) {
                    finish(table, job, down.reason().kind() == ExitReason.Kind.NORMAL ? null : describe(down.reason()));
                }
            }
            case DrainDeadline deadline -> {
                // Not trapping exits, a worker ends at once; its DOWN then fails its job with the reason.
                List<Pid> running = table.workers();
                if (!running.isEmpty()) {
                    LOG.warn("the job queue's shutdown-timeout of {} ms is over: shutting down the jobs still running "
                            + "({}), which fail with shutdown", shutdownTimeout.toMillis(), running.size());
                }
                running.forEach(worker -> Self.exit(worker, ExitReason.SHUTDOWN));
                return Result.noreply(table);
            }
            case Exit exit -> {
                if (table.takeWorkerExit(exit.pid())) {
                    return Result.noreply(table); // a worker's end, which its DOWN or report has told already
                }
                return GenServer.super.handleInfo(message, table); // not a worker's: logged, as any stray message
            }
            default -> {
                return GenServer.super.handleInfo(message, table);
            }
        }
        dispatch(table);
        answerDrainers(table);
        return Result.noreply(table);
    }

    /**
     * Stops dispatching (the process is ending) and gives the running jobs until {@code shutdownTimeout} to
     * finish; workers still running then are killed. Waiting jobs are not started. Each worker is stopped as
     * {@code GenServer.stop/3} stops it, a request it takes once its job's work returns: a supervisor's shutdown
     * would end a worker that does not trap exits at once, work and all.
     */
    @Override
    public void terminate(ExitReason reason, JobTable table) {
        ProcessRuntime runtime = Self.runtime();
        TimerService clock = runtime.options().timers(); // the clock the stops' own waits count on
        long deadline = clock.nanoTime() + shutdownTimeout.toNanos();
        for (Pid worker : table.workers()) {
            long left = Math.max(1, deadline - clock.nanoTime());
            try {
                runtime.stop(worker, ExitReason.SHUTDOWN, Duration.ofNanos(left));
            } catch (NoProcessException | ProcessExitException ended) {
                // it finished or failed its job first: gone all the same
            } catch (CallTimeoutException overran) {
                runtime.kill(worker);
            }
        }
    }

    @Override
    public Object formatStatus(JobTable table) {
        return table.stats(workers);
    }

    /** Starts waiting jobs, oldest first, while workers are free and neither the queue nor the runtime stops. */
    private void dispatch(JobTable table) {
        ProcessRuntime runtime = Self.runtime();
        while (table.runningCount() < workers && table.hasWaiting() && !table.isDraining()
                && !stopped.getAsBoolean() && !runtime.isClosed()) {
            Job job = table.pollWaiting();
            ProcessRuntime.Monitored worker;
            try {
                // Linked and monitored in one step, as Task.async: no kill of the queue can fall in between.
                worker = Self.startLinkMonitored(new JobWorker(
                                new JobWorker.Assignment(job.id, job.duration, job.fail, Self.pid()), work),
                        // a worker blocks in its handler for the job's length by design, and no one calls it
                        StartOptions.DEFAULTS.withService(WORKER_SERVICE).withSlowHandlerWatch(false));
            } catch (IllegalStateException closed) {
                table.requeueFirst(job); // the runtime closed meanwhile: queued jobs are not started
                return;
            } catch (InitFailedException killed) { // killed before its init returned: as a worker that crashed
                finish(table, job, describe(killed.reason()));
                continue;
            }
            table.started(job, worker.pid(), worker.ref()); // monitored from birth: a crash reports its reason
        }
    }

    /** Answers the drains once no job runs; the counts are made only when a drain waits for them. */
    private void answerDrainers(JobTable table) {
        List<From> drainers = table.runningCount() == 0 ? table.takeDrainers() : List.of();
        if (!drainers.isEmpty()) {
            JobStats stats = table.stats(workers);
            drainers.forEach(drainer -> drainer.reply(stats));
        }
    }

    private void finish(JobTable table, Job job, String error) {
        List<String> forgotten = table.finish(job, error);
        homes.ended(job.view());
        forgotten.forEach(homes::forgotten);
    }

    private static String describe(ExitReason reason) {
        Throwable cause = reason.cause();
        return cause != null && cause.getMessage() != null ? cause.getMessage() : reason.detail();
    }

}
