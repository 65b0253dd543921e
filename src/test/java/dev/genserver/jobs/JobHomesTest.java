package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.ProcessTrees;
import dev.genserver.app.Refusal;
import dev.genserver.app.RequestIds;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client API where jobs live on several instances: it asks the job's instance, and reports a lost one's jobs. */
class JobHomesTest {

    /**
     * One worker and ten waiting, so a test can fill the queue. No shutdown-timeout: a test that leaves a job running
     * would otherwise wait the whole timeout, in real time, as it closes its runtime.
     */
    private static final JobsProperties PROPERTIES =
            new JobsProperties(1, 10, Duration.ofSeconds(10), 2, Duration.ZERO);
    /** As {@link #PROPERTIES}, giving running jobs a second at shutdown: for the tests of draining. */
    private static final JobsProperties DRAINING =
            new JobsProperties(1, 10, Duration.ofSeconds(10), 2, Duration.ofSeconds(1));

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Homes homes = new Homes();
    private final Jobs jobs = jobs(runtime, homes, PROPERTIES);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aSubmittedJob_isAdopted_andFoundHere() {
        JobView submitted = jobs.submit(10_000, false);

        assertThat(homes.adopted).containsExactly(submitted.id());
        assertThat(jobs.find(submitted.id()).status()).isEqualTo("running"); // an idle queue starts it at once
    }

    /** Its workers come only with jobs: declared, so that their metrics are there, at zero, from start-up. */
    @Test
    void theWorkersService_isDeclaredOnDemand_beforeAnyJob() {
        try (ProcessRuntime another = ProcessRuntime.create()) {
            ProcessTree tree = ProcessTrees.in(another);

            new Jobs(tree, new LocalProcessDirectory(tree), PROPERTIES, homes);

            assertThat(tree.onDemandServices()).containsExactly(JobQueueServer.WORKER_SERVICE);
        }
    }

    @Test
    void aJobWhoseHomeCannotBeRecorded_isRefusedBeforeItIsQueued() {
        homes.recording = false;

        assertThatThrownBy(() -> jobs.submit(10_000, false)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(jobs.stats()).isEqualTo(new JobStats(0, 0, 0, 0, 1, 10));
    }

    @Test
    void aJobTheFullQueueRefuses_isForgotten() {
        for (int k = 0; k < 11; k++) { // one worker and ten waiting
            jobs.submit(10_000, false);
        }

        assertThatThrownBy(() -> jobs.submit(10_000, false)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.OVERLOADED));
        assertThat(homes.adopted).hasSize(12);
        assertThat(homes.forgotten).containsExactly(homes.adopted.getLast());
    }

    /**
     * A submit whose call timed out (504) is still queued; its retry, under the same identity, submits the same id
     * and is answered with the job the first attempt queued: one job, nothing to forget.
     */
    @Test
    void aRetryOfASubmitThatTimedOut_isAnsweredWithItsFirstAttemptsJob() {
        ProcessRuntime briefCalls = ProcessRuntime.create(RuntimeOptions.defaults()
                .withDefaultCallTimeout(Duration.ofSeconds(1))); // the suspended queue's timeout
        try (briefCalls) {
            Jobs impatient = jobs(briefCalls, homes, PROPERTIES);
            Pid queue = briefCalls.whereis(Jobs.NAME).orElseThrow();
            briefCalls.suspend(queue, Duration.ofSeconds(5));
            try (RequestIds.Scope first = RequestIds.open("submit-1 fingerprint")) {
                assertThatThrownBy(() -> impatient.submit(10_000, false)).isInstanceOf(CallTimeoutException.class);
            }
            briefCalls.resume(queue, Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> impatient.stats().running() == 1);

            JobView retried;
            try (RequestIds.Scope retry = RequestIds.open("submit-1 fingerprint")) {
                retried = impatient.submit(10_000, false);
            }

            assertThat(homes.adopted).hasSize(2).containsOnly(retried.id());
            assertThat(homes.forgotten).isEmpty();
            assertThat(impatient.stats().running() + impatient.stats().queued()).isEqualTo(1);
        }
    }

    /**
     * A keyed submit's retry through another instance, after its first member was taken for lost (a pause), finds
     * the job the first attempt recorded there and answers with it: the job is not queued a second time. It was,
     * each attempt drawing an id of its own (a job run twice in 3,747, with a member paused for 20 s).
     */
    @Test
    void aKeyedSubmitWhoseFirstAttemptRecordedItElsewhere_isAnsweredWithThatJob_notQueuedAgain() {
        String id;
        try (RequestIds.Scope first = RequestIds.open("submit-2 fingerprint")) {
            id = jobs.submit(10_000, false).id(); // the first attempt, on the instance then taken for lost
        }
        homes.home = new JobHomes.Home.Elsewhere(question -> new JobView(id, "running", null));
        try (ProcessRuntime another = ProcessRuntime.create()) {
            Jobs instance = jobs(another, homes, PROPERTIES);
            JobView retried;
            try (RequestIds.Scope retry = RequestIds.open("submit-2 fingerprint")) {
                retried = instance.submit(10_000, false);
            }

            assertThat(retried).isEqualTo(new JobView(id, "running", null));
            assertThat(homes.adopted).containsExactly(id, id);
            assertThat(instance.stats()).as("nothing queued on the retry's instance")
                    .isEqualTo(new JobStats(0, 0, 0, 0, 1, 10));
        }
    }

    /**
     * A keyed submit's retry that finds its id recorded elsewhere, by a first attempt the full queue there refused
     * a moment ago (its record being forgotten), is told to retry (503), not that no such job exists (404).
     */
    @Test
    void aKeyedSubmitWhoseEarlierAttemptIsBeingForgottenElsewhere_isToldToRetry() {
        homes.home = new JobHomes.Home.Elsewhere(question -> null); // that instance holds no such job
        try (RequestIds.Scope retry = RequestIds.open("submit-3 fingerprint")) {
            assertThatThrownBy(() -> jobs.submit(10_000, false)).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("retry shortly");
        }
        assertThat(jobs.stats().running() + jobs.stats().queued()).isZero();
    }

    /**
     * A keyed submit whose call timed out (504) and that the full queue then refused: the queue forgets its record,
     * which the caller, gone, could not. Left, it named a job nobody held, and a retry through another instance,
     * which draws the same id, was told to retry shortly for the record's 24 h.
     */
    @Test
    void aSubmitTheFullQueueRefusesAfterItsCallTimedOut_hasItsRecordForgotten() {
        ProcessRuntime briefCalls = ProcessRuntime.create(RuntimeOptions.defaults()
                .withDefaultCallTimeout(Duration.ofSeconds(1)));
        try (briefCalls) {
            Jobs impatient = jobs(briefCalls, homes, PROPERTIES);
            for (int k = 0; k < 11; k++) { // one worker and ten waiting: full
                impatient.submit(10_000, false);
            }
            Pid queue = briefCalls.whereis(Jobs.NAME).orElseThrow();
            briefCalls.suspend(queue, Duration.ofSeconds(5));
            try (RequestIds.Scope first = RequestIds.open("submit-4 fingerprint")) {
                assertThatThrownBy(() -> impatient.submit(10_000, false)).isInstanceOf(CallTimeoutException.class);
            }
            String timedOut = homes.adopted.getLast();
            assertThat(homes.forgotten).doesNotContain(timedOut);

            briefCalls.resume(queue, Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(5)).until(() -> homes.forgotten.contains(timedOut));
        }
    }

    /** A submit whose queue is killed under it (500): the job went with the queue, and so does its record. */
    @Test
    void aSubmitWhoseQueueIsKilledUnderIt_hasItsRecordForgotten() throws Exception {
        Pid queue = runtime.whereis(Jobs.NAME).orElseThrow();
        runtime.suspend(queue, Duration.ofSeconds(5));
        CompletableFuture<RuntimeException> failed = CompletableFuture.supplyAsync(() -> {
            try {
                jobs.submit(10_000, false);
                return null;
            } catch (RuntimeException refused) {
                return refused;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(queue).mailbox() == 1);

        runtime.kill(queue);

        assertThat(failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ProcessExitException.class);
        assertThat(homes.forgotten).containsExactly(homes.adopted.getFirst());
    }

    @Test
    void aJobElsewhere_isAskedOfItsInstance() {
        homes.home = new JobHomes.Home.Elsewhere(question -> question == JobHomes.Question.FIND
                ? new JobView("far", "succeeded", null) : CancelOutcome.NOT_CANCELLABLE);

        assertThat(jobs.find("far")).isEqualTo(new JobView("far", "succeeded", null));
        assertThatThrownBy(() -> jobs.cancel("far")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_CANCELLABLE));
    }

    @Test
    void aJobsEnd_isRecorded_andAJobNoLongerKept_isForgotten() {
        JobView first = jobs.submit(0, false);
        JobView second = jobs.submit(0, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> homes.ended.size() == 2);
        assertThat(homes.ended).containsExactly(new JobView(first.id(), "succeeded", null),
                new JobView(second.id(), "failed", "the job failed as requested"));

        JobView third = jobs.submit(0, false); // the third to end: the first passes the retention of 2
        await().atMost(Duration.ofSeconds(5)).until(() -> homes.ended.size() == 3);
        JobView running = jobs.submit(10_000, false);
        JobView queued = jobs.submit(10_000, false);
        jobs.cancel(queued.id());

        assertThat(homes.ended.getLast().id()).isEqualTo(third.id());
        assertThat(homes.forgotten).containsExactly(first.id(), queued.id());
        assertThat(homes.ended).extracting(JobView::id).doesNotContain(running.id());
    }

    @Test
    void aJobRecordedAsEnded_isAnsweredAsRecorded_andCannotBeCancelled() {
        homes.home = new JobHomes.Home.Ended(new JobView("done", "succeeded", null));

        assertThat(jobs.find("done")).isEqualTo(new JobView("done", "succeeded", null));
        assertThatThrownBy(() -> jobs.cancel("done")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_CANCELLABLE));
    }

    @Test
    void aJobOfALostInstance_isFailedWithNodeDown_andCannotBeCancelled() {
        homes.home = new JobHomes.Home.Lost();

        assertThat(jobs.find("gone")).isEqualTo(new JobView("gone", "failed", "node_down"));
        assertThatThrownBy(() -> jobs.cancel("gone")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_CANCELLABLE));
    }

    @Test
    void theStats_sumThisInstancesQueueWithEveryOthers() {
        jobs.submit(10_000, false);
        jobs.submit(10_000, false);
        homes.others = List.of(new JobStats(3, 4, 5, 6, 7, 8), new JobStats(10, 20, 30, 40, 50, 60));

        assertThat(jobs.stats()).isEqualTo(new JobStats(1 + 3 + 10, 1 + 4 + 20, 5 + 30, 6 + 40, 1 + 7 + 50,
                10 + 8 + 60));
    }

    @Test
    void aJobNobodyKnows_isNotFound() {
        homes.home = new JobHomes.Home.Unknown();

        assertThatThrownBy(() -> jobs.find("never")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_FOUND));
        assertThatThrownBy(() -> jobs.cancel("never")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_FOUND));
    }

    @Test
    void theInstanceServesQuestionsAboutItsOwnJobs() {
        JobView submitted = jobs.submit(10_000, false);

        assertThat(homes.answers.apply(JobHomes.Question.FIND, submitted.id())).isEqualTo(jobs.find(submitted.id()));
        assertThat(homes.answers.apply(JobHomes.Question.FIND, "unknown")).isNull();
    }

    /** The instance stopping: the running job's end is told, and only then settled, before its member leaves. */
    @Test
    void draining_waitsForTheRunningJob_thenSettlesItsEnd() {
        try (ProcessRuntime patient = ProcessRuntime.create()) {
            Jobs draining = jobs(patient, homes, DRAINING);
            JobView running = draining.submit(50, false);

            draining.drain();

            JobView done = new JobView(running.id(), "succeeded", null);
            assertThat(homes.ended).containsExactly(done);
            assertThat(homes.settled).containsExactly(List.of(done));
        }
    }

    /**
     * A queue an operator suspended cannot be drained: its workers are killed instead, so none runs on once the
     * instance has left its cluster and the others report the job {@code node_down}; and should the queue take its
     * messages again (one that was only busy), it starts no queued job. It is asked within the shorter of the
     * drain's bound ({@code shutdown-timeout} and a second) and the call timeout, either of which may be far longer.
     */
    @ParameterizedTest(name = "call timeout {0} s: asked for {1} s")
    @CsvSource({"40, 2", "1, 1"})
    void draining_aSuspendedQueue_killsItsWorkers_andTheQueueStartsNoJobAfterwards(long callTimeout, long asked)
            throws Exception {
        ManualTimers timers = new ManualTimers();
        try (ProcessRuntime manual = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withDefaultCallTimeout(Duration.ofSeconds(callTimeout)))) {
            Jobs suspended = jobs(manual, homes, DRAINING);
            suspended.submit(60_000, false);
            JobView queued = suspended.submit(60_000, false);
            await().until(() -> workers(manual).size() == 1);
            Pid queue = manual.whereis(Jobs.NAME).orElseThrow();
            manual.suspend(queue, Duration.ofSeconds(5));

            CompletableFuture<Void> drained = CompletableFuture.runAsync(suspended::drain);
            Duration bound = Duration.ofSeconds(asked);
            assertThat(timers.awaitDueIn(bound, Duration.ofSeconds(10))).as("the queue asked").isTrue();
            timers.advance(bound);
            drained.get(10, TimeUnit.SECONDS);
            assertThat(workers(manual)).isEmpty();

            manual.resume(queue, Duration.ofSeconds(5));
            // answered after the killed worker's DOWN, which freed its slot
            assertThat(queue.call(new JobQueueServer.Stats())).isEqualTo(new JobStats(1, 0, 0, 1, 1, 10));
            assertThat(queue.call(new JobQueueServer.Lookup(queued.id())).orElseThrow().status())
                    .isEqualTo("queued");
            assertThat(workers(manual)).isEmpty();
        }
    }

    /** The queue's client in {@code runtime}'s tree, as the application makes it on one instance. */
    private static Jobs jobs(ProcessRuntime runtime, JobHomes homes, JobsProperties properties) {
        ProcessTree tree = ProcessTrees.in(runtime);
        return new Jobs(tree, new LocalProcessDirectory(tree), properties, homes);
    }

    private static List<ProcessInfo> workers(ProcessRuntime runtime) {
        return runtime.processes(0, 100).stream()
                .filter(process -> JobQueueServer.WORKER_SERVICE.equals(process.service())).toList();
    }

    /** Homes a test sets: every job is {@link #home}, here until told otherwise. */
    private static final class Homes implements JobHomes {
        private final List<String> adopted = new ArrayList<>();
        private final List<JobView> ended = new CopyOnWriteArrayList<>();
        private final List<String> forgotten = new CopyOnWriteArrayList<>();
        /** At each settle, the ends told before it. */
        private final List<List<JobView>> settled = new CopyOnWriteArrayList<>();
        private Home home = new Home.Here();
        private List<Object> others = List.of();
        private BiFunction<Question, String, Object> answers;
        private boolean recording = true;

        @Override
        public boolean adopt(String id) {
            if (!recording) {
                throw new ServiceUnavailableException("cluster (too few members in sight to write)");
            }
            adopted.add(id);
            return !(home instanceof Home.Elsewhere);
        }

        @Override
        public Home locate(String id) {
            return home;
        }

        @Override
        public void serve(BiFunction<Question, String, Object> answers) {
            this.answers = answers;
        }

        @Override
        public void ended(JobView job) {
            ended.add(job);
        }

        @Override
        public void forgotten(String id) {
            forgotten.add(id);
        }

        @Override
        public boolean settle(Duration patience) {
            settled.add(List.copyOf(ended));
            return true;
        }

        @Override
        public List<Object> askOthers(Question question) {
            return others;
        }
    }
}
