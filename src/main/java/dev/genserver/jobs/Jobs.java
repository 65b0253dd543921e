package dev.genserver.jobs;

import static dev.genserver.app.Refusal.Reason.NOT_CANCELLABLE;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;
import static dev.genserver.app.Refusal.Reason.OVERLOADED;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.RandomIds;
import dev.genserver.app.RequestIds;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.TimerService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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

    /** A job whose instance left the cluster: its run, if it had one, ended with it. */
    static final String NODE_DOWN = "node_down";

    /** How long, once the queue is drained, the instance waits for the jobs' ends to be recorded in its cluster. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);


    private final ProcessTree tree;
    private final Singleton process;
    private final JobHomes homes;
    private final Duration shutdownTimeout;
    /** Set by a stop whose drain the queue did not take in time: no job starts from then on, restarts included. */
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Autowired
    Jobs(ProcessTree tree, ProcessDirectory directory, JobsProperties properties, ObjectProvider<JobHomes> homes) {
        this(tree, directory, properties, homes.getIfAvailable(() -> JobHomes.HERE));
    }

    /** {@code tree}: where the queue's workers are found when the queue cannot be asked (a stop, below). */
    Jobs(ProcessTree tree, ProcessDirectory directory, JobsProperties properties, JobHomes homes) {
        this.process = directory.singleton(NAME.toString(), properties.shutdownTimeout().plusSeconds(1),
                () -> new JobQueueServer(properties.workers(), properties.capacity(), properties.retention(),
                        properties.shutdownTimeout(), JobWork.SLEEP, homes, stopped::get));
        this.tree = tree;
        tree.declareOnDemandService(JobQueueServer.WORKER_SERVICE);
        this.homes = homes;
        this.shutdownTimeout = properties.shutdownTimeout();
        homes.serve(this::answerHere);
    }

    /**
     * Submits a job (a call): when it returns, the job is running or queued. {@code durationMs} is
     * 0..{@code max-duration}.
     *
     * <p>The job's home is recorded before the job is queued: a record refused (in cluster mode, a member that
     * sees too few members) leaves no job running that its client, told 503, would submit again. A keyed request
     * (an {@code Idempotency-Key}) submits under an id drawn from itself, so its retry finds the job an earlier
     * attempt submitted, here (the queue answers with it) or through another instance, whose answer it gets; it is
     * not run twice (a retry through another instance after its first member was paused and taken for lost ran it
     * twice when every attempt drew its own id).
     *
     * @throws Refusal {@code overloaded} (retry soon) when {@code capacity} jobs already wait
     * @throws dev.genserver.app.ServiceUnavailableException when the home cannot be recorded now
     */
    public JobView submit(long durationMs, boolean fail) {
        String identity = RequestIds.next(); // a keyed request's: every attempt of it submits the same id
        String id = identity == null ? RandomIds.next() : RandomIds.of(identity);
        if (!homes.adopt(id)) {
            return submittedElsewhere(id);
        }
        Optional<JobView> accepted;
        try {
            accepted = process.call(new JobQueueServer.Submit(id, Duration.ofMillis(durationMs), fail));
        } catch (ProcessExitException | ServiceUnavailableException noJob) {
            // the queue crashed or was killed with the job (a 500: a restarted queue starts empty), or was not
            // running (a 503): no job under this id is left anywhere, so neither is its record
            homes.forgotten(id);
            throw noJob;
        }
        if (accepted.isEmpty()) {
            throw new Refusal(OVERLOADED, "the job queue is full; retry later"); // the queue forgot its record
        }
        return accepted.get();
    }

    /**
     * The job an earlier attempt of this keyed request submitted through another instance. One its instance no
     * longer holds, whose record is still being removed (that attempt refused by the full queue or ended by the
     * queue's crash a moment ago, its record forgotten without waiting), is neither this request's nor gone yet:
     * 503, as that attempt's answer was.
     */
    private JobView submittedElsewhere(String id) {
        try {
            return find(id);
        } catch (Refusal gone) {
            if (gone.reason() == NOT_FOUND) {
                throw new ServiceUnavailableException("an earlier attempt of this request is being given up; retry "
                        + "shortly");
            }
            throw gone;
        }
    }

    /**
     * A job's status (a call).
     *
     * @throws Refusal {@code not_found} for an unknown job, or a finished one past retention
     */
    public JobView find(String id) {
        Object found = switch (homes.locate(id)) {
            case JobHomes.Home.Here here -> answerHere(JobHomes.Question.FIND, id);
            case JobHomes.Home.Ended ended -> ended.job();
            case JobHomes.Home.Elsewhere elsewhere -> elsewhere.ask().apply(JobHomes.Question.FIND);
            case JobHomes.Home.Lost lost -> new JobView(id, JobStatus.FAILED.wire(), NODE_DOWN);
            case JobHomes.Home.Unknown unknown -> null;
        };
        if (found == null) {
            throw new Refusal(NOT_FOUND, "no such job");
        }
        return (JobView) found;
    }

    /**
     * Cancels a waiting job (a call).
     *
     * @throws Refusal {@code not_found}; {@code not_cancellable} for a running or finished job
     */
    public void cancel(String id) {
        CancelOutcome outcome = switch (homes.locate(id)) {
            case JobHomes.Home.Here here -> (CancelOutcome) answerHere(JobHomes.Question.CANCEL, id);
            case JobHomes.Home.Ended ended -> CancelOutcome.NOT_CANCELLABLE;
            case JobHomes.Home.Elsewhere elsewhere -> (CancelOutcome) elsewhere.ask().apply(JobHomes.Question.CANCEL);
            case JobHomes.Home.Lost lost -> CancelOutcome.NOT_CANCELLABLE; // it failed with its instance
            case JobHomes.Home.Unknown unknown -> CancelOutcome.NOT_FOUND;
        };
        switch (outcome) {
            case CANCELLED -> { }
            case NOT_FOUND -> throw new Refusal(NOT_FOUND, "no such job");
            case NOT_CANCELLABLE -> throw new Refusal(NOT_CANCELLABLE, "only a queued job can be cancelled");
        }
    }

    /**
     * Drains the queue as the instance stops ({@link JobQueueServer.Drain}): no job starts any more, the running
     * ones get {@code shutdown-timeout} to finish and are shut down after it, then their ends are recorded (in
     * cluster mode, in the cluster: a job that ends after this instance has left is reported {@code node_down}).
     * A queue that does not answer in time (suspended, or busy) or is gone (its tree gave up) is told to start no
     * job, and its workers are killed, so none runs on after the instance stops.
     */
    void drain() {
        // both asks within one deadline, the drain's own bound, and the first within the call timeout too: a
        // suspended queue holds the stop for the shorter of the two, not for a long call timeout
        Duration bound = shutdownTimeout.plusSeconds(1);
        RuntimeOptions options = tree.runtime().options();
        TimerService time = options.timers();
        long deadline = time.nanoTime() + bound.toNanos();
        Duration callTimeout = options.defaultCallTimeout();
        try {
            JobStats now = process.call(new JobQueueServer.Stats(),
                    callTimeout.compareTo(bound) < 0 ? callTimeout : bound);
            if (now.running() + now.queued() > 0) {
                LOG.info("stopping the job queue: {} running jobs get up to {} ms to finish, {} queued jobs will "
                        + "not start", now.running(), shutdownTimeout.toMillis(), now.queued());
            }
            process.call(new JobQueueServer.Drain(), Duration.ofNanos(Math.max(0, deadline - time.nanoTime())));
        } catch (RuntimeException unreachable) {
            stopped.set(true);
            LOG.warn("the job queue could not be drained before the instance stops ({}); its {} workers were "
                    + "killed, so that none runs on", unreachable.toString(), killWorkers());
        }
        if (!homes.settle(SETTLE)) {
            LOG.warn("the ends of some jobs were not recorded in the cluster within {} ms; once this instance has "
                    + "left, they read failed with node_down", SETTLE.toMillis());
        }
        if (stopped.get()) {
            killWorkers(); // one the queue started as the flag was set, its check just before it
        }
    }

    /**
     * Kills the queue's workers, when the queue cannot drain them (an operator suspended it): none runs on once a
     * cluster member has left, while the others report its job {@code node_down} and a client may submit it again.
     * Returns how many were killed.
     */
    private int killWorkers() {
        return tree.killAll(JobQueueServer.WORKER_SERVICE);
    }

    /**
     * What this instance's queue says of its own job {@code id}: a {@link JobView} (or null), a cancel's outcome,
     * or its counts.
     */
    private Object answerHere(JobHomes.Question question, String id) {
        return switch (question) {
            case FIND -> process.call(new JobQueueServer.Lookup(id)).orElse(null);
            case CANCEL -> process.call(new JobQueueServer.Cancel(id));
            case STATS -> process.call(new JobQueueServer.Stats());
        };
    }

    /**
     * Counts of the waiting, running and finished jobs, and the limits (a call): this instance's, summed with every
     * other instance's in cluster mode.
     */
    public JobStats stats() {
        JobStats stats = process.call(new JobQueueServer.Stats());
        for (Object other : homes.askOthers(JobHomes.Question.STATS)) {
            stats = stats.plus((JobStats) other);
        }
        return stats;
    }
}
