package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.drain;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code :sys.suspend} and {@code :sys.resume}: a suspended process queues everything and handles only system
 * messages (sys requests, stops, its parent's shutdown); a kill always works; after the resume it handles what
 * queued up, in order.
 */
class SuspendResumeTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** What a killed process kept aside leaves with it: nothing of it still reads as waiting. */
    @Test
    void aProcessKilledWhileSuspended_withMessagesKeptAside_readsNoneWaiting() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder(events));
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast("a");
            pid.cast("b");
            pid.cast("c");
            runtime.getState(pid, Fixtures.PATIENCE); // taken past the casts, which it keeps aside
            assertThat(runtime.info(pid).mailbox()).isEqualTo(3);

            runtime.kill(pid);

            Waiting.until("the exit reaped what was kept aside", () -> runtime.info(pid).mailbox() == 0);
            assertThat(drain(events)).isEmpty();
        }
    }

    @Test
    void aSuspendedProcess_queuesCastsInfosAndCalls_handlesNone_andAfterTheResumeHandlesThemInOrder() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder(events));
            runtime.suspend(pid, Fixtures.PATIENCE);

            pid.cast("a");
            pid.send("i");
            CompletableFuture<Integer> queued = pid.callAsync(new Recorder.Handled(), Fixtures.PATIENCE);
            CompletableFuture<Integer> blocking = CompletableFuture.supplyAsync(
                    () -> pid.call(new Recorder.Handled(), Fixtures.PATIENCE), Thread::startVirtualThread);
            Waiting.until("the blocking call is queued", () -> runtime.info(pid).mailbox() == 4);
            pid.cast("b");

            assertThat((Integer) runtime.getState(pid, Fixtures.PATIENCE)).as("handled nothing").isZero();
            assertThat(drain(events)).isEmpty();
            assertThat(queued).isNotDone();
            assertThat(blocking).isNotDone();
            assertThat(runtime.info(pid).mailbox()).isEqualTo(5);

            runtime.resume(pid, Fixtures.PATIENCE);

            assertThat(join(queued)).as("handled after a cast and an info").isEqualTo(2);
            assertThat(join(blocking)).isEqualTo(3);
            assertThat((Integer) runtime.getState(pid, Fixtures.PATIENCE)).isEqualTo(5);
            assertThat(drain(events)).containsExactly(new Recorder.Seen("cast", "a"),
                    new Recorder.Seen("info", "i"), new Recorder.Seen("cast", "b"));
            assertThat(runtime.info(pid).mailbox()).isZero();
        }
    }

    @Test
    void aCallToASuspendedProcess_timesOut_neverRunsOnTheCallersThread_andIsHandledAfterTheResume() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.suspend(pid, Fixtures.PATIENCE);

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> pid.call(new Probe.Add(1), Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat((Long) runtime.getState(pid, Fixtures.PATIENCE)).isZero();

            runtime.resume(pid, Fixtures.PATIENCE);
            assertThat(pid.call(new Probe.Get())).as("the abandoned call was still handled, as in OTP")
                    .isEqualTo(1L);
        }
    }

    @Test
    void aCallFromAnotherProcess_toASuspendedOne_queuesToo() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid target = runtime.start(new Probe());
            Pid caller = runtime.start(new Probe());
            runtime.suspend(target, Fixtures.PATIENCE);

            // The caller's handler calls the suspended process: it must wait, not take the idle-looking turn.
            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.replaceState(caller, (Long n) -> target.call(new Probe.Add(5),
                            Duration.ofMillis(50)), Fixtures.PATIENCE);
                } catch (CallbackFailedException failed) {
                    return failed.getCause();
                }
            }, Thread::startVirtualThread);

            assertThat(join(outcome)).isInstanceOf(CallTimeoutException.class);
            runtime.resume(target, Fixtures.PATIENCE);
            assertThat(target.call(new Probe.Get())).isEqualTo(5L);
        }
    }

    @Test
    void suspendsAndResumes_amidConcurrentCallersAndCasters_letNothingThroughWhileSuspended_andLoseNothing()
            throws Exception {
        int senders = 4;
        int each = 2_000;
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            CountDownLatch done = new CountDownLatch(senders);
            for (int s = 0; s < senders; s++) {
                boolean casts = s == 0;
                Thread.startVirtualThread(() -> {
                    for (int i = 0; i < each; i++) {
                        if (casts) {
                            pid.cast(1L);
                        } else {
                            pid.call(new Probe.Add(1), Duration.ofMinutes(1));
                        }
                    }
                    done.countDown();
                });
            }
            int suspensions = 0;
            while (done.getCount() > 0) {
                runtime.suspend(pid, Fixtures.PATIENCE);
                long before = runtime.getState(pid, Fixtures.PATIENCE);
                Waiting.until("a sender queued something", () -> runtime.info(pid).mailbox() > 0
                        || done.getCount() == 0);
                long after = runtime.getState(pid, Fixtures.PATIENCE);
                assertThat(after).as("nothing handled while suspended").isEqualTo(before);
                runtime.resume(pid, Fixtures.PATIENCE);
                suspensions++;
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(pid.call(new Probe.Get())).isEqualTo((long) senders * each);
            assertThat(suspensions).isPositive();
        }
    }

    @Test
    void statusGetStateAndReplaceState_areAnsweredWhileSuspended() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast(5L);

            assertThat(runtime.status(pid, Fixtures.PATIENCE)).as("the cast is not handled yet").isEqualTo(0L);
            assertThat((Long) runtime.getState(pid, Fixtures.PATIENCE)).isZero();
            assertThat(runtime.replaceState(pid, (Long n) -> n + 100, Fixtures.PATIENCE)).isEqualTo(100L);
            assertThat(runtime.info(pid).status()).isEqualTo("suspended");

            runtime.resume(pid, Fixtures.PATIENCE);
            assertThat(pid.call(new Probe.Get())).isEqualTo(105L);
            assertThat(runtime.info(pid).status()).isEqualTo("waiting");
        }
    }

    @Test
    void suspendingTwice_isUndoneByOneResume_andResumingARunningProcess_changesNothing() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.resume(pid, Fixtures.PATIENCE);
            assertThat(pid.call(new Probe.Add(1))).isEqualTo(1L);

            runtime.suspend(pid, Fixtures.PATIENCE);
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast(1L);
            runtime.resume(pid, Fixtures.PATIENCE);

            assertThat(pid.call(new Probe.Get())).isEqualTo(2L);
            assertThat(runtime.info(pid).status()).isEqualTo("waiting");
        }
    }

    @Test
    void kill_endsASuspendedProcess_andFailsTheCallsItQueued() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid pid = runtime.start(new Probe("p", events));
            runtime.suspend(pid, Fixtures.PATIENCE);
            CompletableFuture<Long> keptAside = pid.callAsync(new Probe.Add(1), Fixtures.PATIENCE);
            runtime.status(pid, Fixtures.PATIENCE); // the drainer passes the call on its way to this status
            CompletableFuture<Long> stillQueued = pid.callAsync(new Probe.Add(1), Fixtures.PATIENCE);

            runtime.kill(pid);

            assertThat(pid.isAlive()).isFalse();
            assertThat(exits.await(pid)).isEqualTo(ExitReason.KILLED);
            for (CompletableFuture<Long> call : List.of(keptAside, stillQueued)) {
                assertThatThrownBy(() -> join(call)).isInstanceOf(ProcessExitException.class)
                        .extracting(e -> ((ProcessExitException) e).reason()).isEqualTo(ExitReason.KILLED);
            }
            assertThat(drain(events)).as("no terminate after a kill").isEmpty();
        }
    }

    @Test
    void stop_getsThroughToASuspendedProcess_terminateRuns_andTheCallsItQueuedFail() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 3));
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast(1L);
            CompletableFuture<Long> queued = pid.callAsync(new Probe.Get(), Fixtures.PATIENCE);

            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThat(pid.isAlive()).isFalse();
            assertThat(drain(events)).as("terminate ran, with the state before the queued cast")
                    .containsExactly(new Probe.Terminated("p", ExitReason.NORMAL, 3L));
            assertThatThrownBy(() -> join(queued)).isInstanceOf(ProcessExitException.class);
        }
    }

    @Test
    void aSupervisor_terminatesASuspendedChildThatTrapsExits_withinItsShutdown_andTerminateRuns() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("w", () -> new Probe("w", events))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))), StartOptions.DEFAULTS);
            Pid child = supervisor.child("w").orElseThrow();
            runtime.suspend(child, Fixtures.PATIENCE);
            child.cast(1L);

            // Within 1 s, where the child's shutdown is 5 s: the stop got through rather than being waited out.
            assertThat(supervisor.pid().call(new SupervisorServer.TerminateChild("w"), Duration.ofSeconds(1)))
                    .isTrue();

            assertThat(child.isAlive()).isFalse();
            assertThat(drain(events)).containsExactly(new Probe.Terminated("w", ExitReason.SHUTDOWN, 0L));
        }
    }

    @Test
    void aSuspendedChildThatTrapsExits_terminatesWithItsParentsReason_whenTheParentDies() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("trapper", () -> new Probe("trapper", events))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))), StartOptions.DEFAULTS);
            Pid child = supervisor.child("trapper").orElseThrow();
            runtime.suspend(child, Fixtures.PATIENCE);

            runtime.kill(supervisor.pid());

            assertThat(exits.await(child)).isEqualTo(ExitReason.KILLED);
            assertThat(drain(events)).containsExactly(new Probe.Terminated("trapper", ExitReason.KILLED, 0L));
        }
    }

    @Test
    void closingTheRuntime_stopsASuspendedProcess_withTerminateRunning() {
        ProcessRuntime runtime = runtime(timers);
        Pid pid = runtime.start(new Probe("p", events));
        runtime.suspend(pid, Fixtures.PATIENCE);
        pid.cast(1L);

        runtime.close();

        assertThat(pid.isAlive()).isFalse();
        assertThat(drain(events)).as("stopped, not killed after the shutdown timeout")
                .containsExactly(new Probe.Terminated("p", ExitReason.SHUTDOWN, 0L));
    }

    @Test
    void messagesASuspendedProcessKeptAside_stillCountAgainstItsMailboxBound() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.DEFAULTS.withMailboxCapacity(2));
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast(1L);
            pid.cast(1L);
            runtime.status(pid, Fixtures.PATIENCE); // the drainer has taken both casts out to reach this

            assertThatThrownBy(() -> pid.cast(1L)).isInstanceOf(MailboxFullException.class);
            assertThat(runtime.info(pid).mailbox()).isEqualTo(2);

            runtime.resume(pid, Fixtures.PATIENCE);
            assertThat(pid.call(new Probe.Get())).isEqualTo(2L);
            assertThat(runtime.info(pid).mailbox()).isZero();
        }
    }

    @Test
    void anIdleTimeout_doesNotFireWhileSuspended_andCountsAfreshFromTheResume() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder(events));
            pid.cast(new Recorder.IdleAfter(Duration.ofSeconds(1)));
            runtime.suspend(pid, Fixtures.PATIENCE);
            drain(events);

            timers.advance(Duration.ofSeconds(2));
            runtime.status(pid, Fixtures.PATIENCE);
            runtime.resume(pid, Fixtures.PATIENCE);
            Mailboxes.awaitHandled(runtime, pid); // the check that came while suspended is handled by now

            assertThat(drain(events)).as("no timeout yet: it counts from the resume").isEmpty();
            timers.advance(Duration.ofMillis(999));
            Mailboxes.awaitHandled(runtime, pid);
            assertThat(drain(events)).isEmpty();
            timers.advance(Duration.ofMillis(1));
            assertThat(Fixtures.take(events)).isEqualTo(new Recorder.Seen("info", IdleTimeout.INSTANCE));
        }
    }

    @Test
    void suspend_ofAnExitedProcess_isNoProcess_andOfABusyOne_timesOutButStillHappens() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid gone = runtime.start(new Probe());
            runtime.kill(gone);
            assertThatThrownBy(() -> runtime.suspend(gone, Fixtures.PATIENCE)).isInstanceOf(NoProcessException.class);
            assertThatThrownBy(() -> runtime.resume(gone, Fixtures.PATIENCE)).isInstanceOf(NoProcessException.class);

            Pid busy = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            busy.cast(block);
            await(block.entered());
            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> runtime.suspend(busy, Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            busy.cast(1L);
            block.release().countDown();

            Waiting.until("the late suspend is handled", () -> runtime.info(busy).status().equals("suspended"));
            assertThat((Long) runtime.getState(busy, Fixtures.PATIENCE)).as("the cast after it waits").isZero();
        }
    }
}
