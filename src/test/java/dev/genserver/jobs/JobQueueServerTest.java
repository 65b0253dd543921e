package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.app.RandomIds;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.testing.CapturedLog;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue with work the tests finish by hand: no test depends on how long anything takes. */
class JobQueueServerTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final GatedWork work = new GatedWork();
    @RegisterExtension
    final CapturedLog log = new CapturedLog(JobQueueServer.class);

    @AfterEach
    void close() {
        work.openAll();
        runtime.close();
    }

    @Test
    void submit_toAnIdleQueue_isRunningAtOnce_andSucceedsWhenTheWorkIsDone() {
        Pid queue = start(2, 10, 10);

        JobView job = submit(queue, false);
        assertThat(job.status()).isEqualTo("running");
        assertThat(job.error()).isNull();
        assertThat(stats(queue)).isEqualTo(new JobStats(0, 1, 0, 0, 2, 10));

        work.release(job.id());
        awaitStatus(queue, job.id(), "succeeded");
        assertThat(lookup(queue, job.id())).contains(new JobView(job.id(), "succeeded", null));
        assertThat(stats(queue)).isEqualTo(new JobStats(0, 0, 1, 0, 2, 10));
    }

    @Test
    void aJobAskedToFail_crashesItsWorker_andIsFailedWithTheReason_whileTheQueueLivesOn() {
        Pid queue = start(1, 10, 10);

        JobView job = submit(queue, true);
        JobView next = submit(queue, false);
        work.release(job.id());

        awaitStatus(queue, job.id(), "failed");
        assertThat(lookup(queue, job.id()).orElseThrow().error()).isEqualTo("the job failed as requested");
        assertThat(queue.isAlive()).isTrue();
        awaitStatus(queue, next.id(), "running");
        assertThat(stats(queue).failed()).isEqualTo(1);
    }

    @Test
    void jobsBeyondTheWorkers_wait_andStartInSubmissionOrder() {
        Pid queue = start(1, 10, 10);
        JobView a = submit(queue, false);
        JobView b = submit(queue, false);
        JobView c = submit(queue, false);

        assertThat(List.of(a.status(), b.status(), c.status())).containsExactly("running", "queued", "queued");
        await().until(() -> work.started.size() == 1);

        work.release(a.id());
        await().until(() -> work.started.size() == 2);
        work.release(b.id());
        await().until(() -> work.started.size() == 3);
        assertThat(work.started).containsExactly(a.id(), b.id(), c.id());
    }

    @Test
    void submit_whenCapacityJobsWait_isRefused_andNothingIsQueued() {
        Pid queue = start(1, 2, 10);
        submit(queue, false);
        submit(queue, false);
        submit(queue, false);

        assertThat(queue.call(new JobQueueServer.Submit("refused", Duration.ZERO, false))).isEmpty();
        assertThat(stats(queue)).isEqualTo(new JobStats(2, 1, 0, 0, 1, 2));
    }

    /** An id names one job: a second submit under it (a keyed request's retry) is answered with the first. */
    @Test
    void submit_underAnIdItHolds_isAnsweredWithThatJob_andQueuesNoOther() {
        Pid queue = start(1, 2, 10);
        JobView first = queue.call(new JobQueueServer.Submit("once", Duration.ofSeconds(10), false)).orElseThrow();

        assertThat(queue.call(new JobQueueServer.Submit("once", Duration.ZERO, true))).contains(first);
        assertThat(stats(queue)).isEqualTo(new JobStats(0, 1, 0, 0, 1, 2));
    }

    @Test
    void finishedJobs_beyondRetention_areForgottenOldestFirst() {
        Pid queue = start(1, 10, 2);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JobView job = submit(queue, false);
            work.release(job.id());
            awaitStatus(queue, job.id(), "succeeded");
            ids.add(job.id());
        }

        assertThat(lookup(queue, ids.get(0))).isEmpty();
        assertThat(lookup(queue, ids.get(1))).isPresent();
        assertThat(lookup(queue, ids.get(2))).isPresent();
        assertThat(stats(queue).succeeded()).as("counts are all-time").isEqualTo(3);
    }

    @Test
    void cancel_removesAQueuedJob_butRefusesRunningFinishedAndUnknownOnes() {
        Pid queue = start(1, 10, 10);
        JobView running = submit(queue, false);
        JobView queued = submit(queue, false);

        assertThat(cancel(queue, queued.id())).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(lookup(queue, queued.id())).isEmpty();
        assertThat(cancel(queue, queued.id())).isEqualTo(CancelOutcome.NOT_FOUND);
        assertThat(cancel(queue, running.id())).isEqualTo(CancelOutcome.NOT_CANCELLABLE);

        work.release(running.id());
        awaitStatus(queue, running.id(), "succeeded");
        assertThat(cancel(queue, running.id())).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
        assertThat(work.started).as("the cancelled job never ran").containsExactly(running.id());
        assertThat(stats(queue)).isEqualTo(new JobStats(0, 0, 1, 0, 1, 10));
    }

    @Test
    void jobIds_are128RandomBits_inUrlSafeBase64() {
        Pid queue = start(4, 10, 10);
        String first = submit(queue, false).id();
        String second = submit(queue, false).id();

        assertThat(first).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(second);
    }

    @Test
    void stoppingTheQueue_letsRunningJobsFinish_andStartsNoQueuedOne() {
        Pid queue = start(1, 10, 10);
        JobView running = submit(queue, false);
        JobView queued = submit(queue, false);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                () -> runtime.stop(queue, ExitReason.SHUTDOWN, Duration.ofSeconds(10)), Thread.ofVirtual()::start);
        // the queue took the stop and is in terminate, waiting for its running job: the queued one could start now
        await().until(() -> runtime.info(queue).status().equals("running") && runtime.info(queue).mailbox() == 0);
        assertThat(stopped).isNotDone();
        work.release(running.id());
        stopped.join();

        assertThat(work.finished).containsExactly(running.id());
        assertThat(work.started).doesNotContain(queued.id());
    }

    /**
     * The instance stopping drains the queue before the tree stops: no queued job starts, and the drain is answered
     * once the running job has finished, its end told (in cluster mode recorded, while the member is still there).
     */
    @Test
    void aDrain_startsNoQueuedJob_andIsAnsweredOnceTheRunningOneHasFinished() {
        Pid queue = start(1, 10, 10);
        JobView running = submit(queue, false);
        JobView queued = submit(queue, false);
        await().until(() -> work.started.contains(running.id()));

        CompletableFuture<JobStats> drained = queue.callAsync(new JobQueueServer.Drain(), Duration.ofSeconds(10));
        assertThat(stats(queue)).as("taken after the drain: nothing answered yet")
                .isEqualTo(new JobStats(1, 1, 0, 0, 1, 10));
        assertThat(drained).isNotDone();
        work.release(running.id());

        assertThat(drained.join()).isEqualTo(new JobStats(1, 0, 1, 0, 1, 10));
        assertThat(lookup(queue, running.id()).orElseThrow().status()).isEqualTo("succeeded");
        assertThat(lookup(queue, queued.id()).orElseThrow().status()).isEqualTo("queued");
        assertThat(work.started).containsExactly(running.id());
        assertThat(submit(queue, false).status()).as("a job submitted after the drain waits").isEqualTo("queued");
        assertThat(queue.call(new JobQueueServer.Drain())).as("a second drain, nothing running")
                .isEqualTo(new JobStats(2, 0, 1, 0, 1, 10));
    }

    /** A job still running {@code shutdownTimeout} after the drain is shut down, and fails with that reason. */
    @Test
    void aDrain_shutsDownTheJobsStillRunningAtTheShutdownTimeout_whichFailWithShutdown() throws Exception {
        ManualTimers timers = new ManualTimers();
        try (ProcessRuntime manual = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers))) {
            Pid queue = manual.start(new JobQueueServer(2, 10, 10, Duration.ofSeconds(5), work));
            JobView finishing = submit(queue, false);
            JobView overrunning = submit(queue, false);
            await().until(() -> work.started.size() == 2);

            CompletableFuture<JobStats> drained = queue.callAsync(new JobQueueServer.Drain(), Duration.ofSeconds(60));
            assertThat(timers.awaitDueIn(Duration.ofSeconds(5), Duration.ofSeconds(5))).as("the drain's deadline")
                    .isTrue();
            work.release(finishing.id());
            awaitStatus(queue, finishing.id(), "succeeded");
            assertThat(drained).isNotDone();

            timers.advance(Duration.ofSeconds(5));

            assertThat(drained.get(5, TimeUnit.SECONDS)).isEqualTo(new JobStats(0, 0, 1, 1, 2, 10));
            assertThat(lookup(queue, overrunning.id())).contains(new JobView(overrunning.id(), "failed", "shutdown"));
            assertThat(log.messages()).containsExactly("the job queue's shutdown-timeout of 5000 ms is over: shutting "
                    + "down the jobs still running (1), which fail with shutdown");
            work.release(overrunning.id());
            assertThat(work.finished).containsExactly(finishing.id());
            assertThat(manual.count()).as("the queue alone: its shut-down worker is gone").isOne();
        }
    }

    /** The worker, its job started, is killed: no process is left, and the job never finishes, released or not. */
    @Test
    void stoppingTheQueue_killsWorkersStillRunningAfterTheShutdownTimeout() {
        Pid queue = runtime.start(new JobQueueServer(1, 10, 10, Duration.ofMillis(50), work));
        JobView running = submit(queue, false);
        await().until(() -> work.started.contains(running.id()));

        runtime.stop(queue, ExitReason.SHUTDOWN, Duration.ofSeconds(10));

        await().until(() -> runtime.count() == 0); // the queue and its killed worker
        work.release(running.id());
        assertThat(work.finished).isEmpty();
    }

    /**
     * A killed queue (the processes endpoint's kill, or a crash) runs no terminate, and its workers are linked to
     * it: they end with it, so a restarted queue's workers are the only ones and its bound on them holds. They were
     * monitored only, and ran on, outside any tree, beside the restarted queue's own, their results going nowhere.
     */
    @Test
    void killingTheQueue_endsItsRunningWorkers_linkedToIt() {
        Pid queue = start(2, 10, 10);
        JobView first = submit(queue, false);
        JobView second = submit(queue, false);
        await().until(() -> work.started.size() == 2);
        List<Pid> workers = runtime.processes(0, 100).stream()
                .filter(process -> JobQueueServer.WORKER_SERVICE.equals(process.service()))
                .map(ProcessInfo::pid).toList();
        assertThat(workers).hasSize(2);

        runtime.kill(queue);

        await().atMost(Duration.ofSeconds(5)).until(() -> workers.stream().noneMatch(Pid::isAlive));
        work.release(first.id());
        work.release(second.id());
        assertThat(work.finished).isEmpty();
        assertThat(runtime.count()).isZero();
    }

    private Pid start(int workers, int capacity, int retention) {
        return runtime.start(new JobQueueServer(workers, capacity, retention, Duration.ofSeconds(10), work));
    }

    /** A job under a new id, which the queue keeps as its caller drew it. */
    private static JobView submit(Pid queue, boolean fail) {
        String id = RandomIds.next();
        JobView submitted = queue.call(new JobQueueServer.Submit(id, Duration.ofMillis(1), fail)).orElseThrow();
        assertThat(submitted.id()).isEqualTo(id);
        return submitted;
    }

    private static Optional<JobView> lookup(Pid queue, String id) {
        return queue.call(new JobQueueServer.Lookup(id));
    }

    private static CancelOutcome cancel(Pid queue, String id) {
        return queue.call(new JobQueueServer.Cancel(id));
    }

    private static JobStats stats(Pid queue) {
        return queue.call(new JobQueueServer.Stats());
    }

    private static void awaitStatus(Pid queue, String id, String status) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> lookup(queue, id).map(JobView::status).orElse("gone"), status::equals);
    }
}
