package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the runtime tells metrics: exact mailbox bounds, message counts per service, timings, slow handlers. */
class InstrumentationTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Records every listener event it cares about. */
    static final class Recorder implements RuntimeListener {
        final AtomicInteger callsTimed = new AtomicInteger();
        final AtomicInteger waitsTimed = new AtomicInteger();
        /** Durations below zero, counted here and asserted on the test's thread: these run on the runtime's. */
        final AtomicInteger negativeNanos = new AtomicInteger();
        final List<Pid> timeouts = new CopyOnWriteArrayList<>();
        final List<Object> slow = new CopyOnWriteArrayList<>();

        @Override
        public void callCompleted(Pid pid, long nanos) {
            countIfNegative(nanos);
            callsTimed.incrementAndGet();
        }

        @Override
        public void messageWaited(Pid pid, long nanos) {
            countIfNegative(nanos);
            waitsTimed.incrementAndGet();
        }

        private void countIfNegative(long nanos) {
            if (nanos < 0) {
                negativeNanos.incrementAndGet();
            }
        }

        @Override
        public void callTimedOut(Pid pid) {
            timeouts.add(pid);
        }

        @Override
        public void handlerSlow(Pid pid, Object message, Duration running) {
            slow.add(message);
        }
    }

    @Test
    void mailboxBound_isExactWhenManySendersRace() throws Exception {
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid pid = runtime.start(new Probe("bounded", events), StartOptions.DEFAULTS.withMailboxCapacity(100));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            Fixtures.await(block.entered());
            AtomicInteger accepted = new AtomicInteger();
            List<Thread> senders = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                senders.add(Thread.startVirtualThread(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        try {
                            pid.cast(1L);
                            accepted.incrementAndGet();
                        } catch (MailboxFullException full) {
                            // refused: the sender knows, nothing was queued
                        }
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            assertThat(accepted.get()).isEqualTo(100);
            assertThat(runtime.info(pid).mailbox()).isEqualTo(100);
            block.release().countDown();
            // A status request bypasses the bound and is handled after everything queued before it.
            assertThat(runtime.status(pid, Fixtures.PATIENCE)).as("every accepted cast was handled").isEqualTo(100L);
        }
    }

    @Test
    void services_countMessagesByKind_andKeepTheCountsOfExitedProcesses() {
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid first = runtime.start(new Probe("a1", events), StartOptions.DEFAULTS.withService("alpha"));
            Pid second = runtime.start(new Probe("a2", events), StartOptions.DEFAULTS.withService("alpha"));
            runtime.start(new Probe("b", events), StartOptions.DEFAULTS.withService("beta"));
            first.call(new Probe.Add(1));
            first.cast(2L);
            first.send("hello");
            first.call(new Probe.Get());
            second.call(new Probe.Get());
            runtime.stop(first, ExitReason.NORMAL, Fixtures.PATIENCE);

            ServiceSnapshot alpha = runtime.services().get("alpha");
            assertThat(alpha).isEqualTo(new ServiceSnapshot("alpha", 1, 0, 3, 1, 1));
            assertThat(runtime.services().get("beta")).isEqualTo(new ServiceSnapshot("beta", 1, 0, 0, 0, 0));
        }
    }

    @Test
    void everyCallTimeout_isReported() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withListener(recorder))) {
            Pid pid = runtime.start(new Probe("busy", events));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            Fixtures.await(block.entered());

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(1)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(1)))
                    .isInstanceOf(CallTimeoutException.class);
            block.release().countDown();

            assertThat(recorder.timeouts).containsExactly(pid, pid);
        }
    }

    @Test
    void callDurationsAndMailboxWaits_areSampled_notTakenForEveryMessage() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder).withMailboxCapacity(100_000))) {
            Pid pid = runtime.start(new Probe("sampled", events));
            int calls = Sampling.EVERY * 200;
            for (int i = 0; i < calls; i++) {
                pid.call(new Probe.Add(1));
            }
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            Fixtures.await(block.entered());
            int casts = Sampling.EVERY * 100;
            for (int i = 0; i < casts; i++) {
                pid.cast(1L);
            }
            block.release().countDown();
            assertThat(pid.call(new Probe.Get())).isEqualTo((long) calls + casts);

            // 200 expected; the chance of falling outside 1..1000 is below 1e-80.
            assertThat(recorder.callsTimed.get()).isBetween(1, calls / 12);
            // 100 expected, as for calls
            assertThat(recorder.waitsTimed.get()).isBetween(1, casts / 12);
            assertThat(recorder.negativeNanos).hasValue(0);
        }
    }

    /**
     * A request whose wait timed out, or was interrupted, is no round trip its caller saw: its reply, come later, is
     * not timed (a keyed write's, whose client had its 504, was, above the histogram's top bucket).
     */
    @Test
    void aRequestWhoseWaitTimedOutOrWasInterrupted_isNotTimedWhenItsReplyComes() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder).withMailboxCapacity(100_000))) {
            Pid pid = runtime.start(new Probe("late", events));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            Fixtures.await(block.entered());
            int requests = Sampling.EVERY * 50;
            List<Request<Long>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Request<Long> request = pid.sendRequest(new Probe.Add(1));
                if (i % 2 == 0) {
                    assertThatThrownBy(() -> request.await(Duration.ZERO)).isInstanceOf(CallTimeoutException.class);
                } else { // or its waiter was interrupted: given up too
                    Thread.currentThread().interrupt();
                    assertThatThrownBy(() -> request.await(Duration.ofMinutes(1)))
                            .isInstanceOf(CallInterruptedException.class);
                    assertThat(Thread.interrupted()).as("the flag restored").isTrue();
                }
                sent.add(request);
            }
            block.release().countDown();

            // the last reply's, awaited (which times nothing), comes after every other's, whose timing is then done
            assertThat(sent.getLast().await()).isEqualTo((long) requests);
            assertThat(recorder.callsTimed).as("50 expected without the check").hasValue(0);
        }
    }

    /**
     * Not every process's first queued message is timed: a keyed service's many short-lived processes would fill
     * the mailbox-wait histogram with them (one cast to each of 100 new stacks timed 100 waits).
     */
    @Test
    void theFirstMessagesOfManyProcesses_areSampledToo() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder))) {
            int processes = 2_000;
            for (int i = 0; i < processes; i++) {
                Pid pid = runtime.start(new Probe("first", events));
                pid.cast(1L);
                assertThat(pid.call(new Probe.Get())).isEqualTo(1L);
            }

            // 31 expected; outside 1..250 has a chance below 1e-13
            assertThat(recorder.waitsTimed.get()).isBetween(1, processes / 8);
        }
    }

    @Test
    void aHandlerRunningPastTheThreshold_isReportedOnce_whileItStillRuns() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder).withSlowHandlerThreshold(Duration.ofSeconds(1)))) {
            Pid stuck = runtime.start(new Probe("stuck", events));
            Pid lively = runtime.start(new Probe("lively", events));
            Probe.Block block = Probe.Block.newBlock();
            stuck.cast(block);
            Fixtures.await(block.entered());

            timers.advance(Duration.ofMillis(750));
            lively.call(new Probe.Add(1));
            assertThat(recorder.slow).as("not yet past the threshold").isEmpty();
            // Walks come every 250 ms of (manual) time, stretched by their real cost but never past the
            // threshold: by 2.25 s after the handler began, one has seen it running for a full second.
            timers.advance(Duration.ofMillis(1_500));
            assertThat(recorder.slow).containsExactly(block);
            timers.advance(Duration.ofSeconds(5));
            assertThat(recorder.slow).as("reported once per message").containsExactly(block);

            block.release().countDown();
            assertThat(stuck.call(new Probe.Get())).isZero();
            timers.advance(Duration.ofSeconds(5));
            assertThat(recorder.slow).containsExactly(block);
        }
    }

    /** A process that blocks in its handler by design (a job's worker) is started unwatched, and never reported. */
    @Test
    void aProcessStartedUnwatched_isNotReported_however_longItsHandlerRuns() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder).withSlowHandlerThreshold(Duration.ofSeconds(1)))) {
            Pid worker = runtime.start(new Probe("worker", events), StartOptions.DEFAULTS.withSlowHandlerWatch(false));
            Pid stuck = runtime.start(new Probe("stuck", events));
            Probe.Block working = Probe.Block.newBlock();
            Probe.Block blocked = Probe.Block.newBlock();
            worker.cast(working);
            stuck.cast(blocked);
            Fixtures.await(working.entered());
            Fixtures.await(blocked.entered());

            timers.advance(Duration.ofSeconds(5));

            assertThat(recorder.slow).as("only the watched one").containsExactly(blocked);
            working.release().countDown();
            blocked.release().countDown();
        }
    }

    /** A threshold of a microsecond must not make the watch walk every quarter microsecond: a millisecond apart. */
    @Test
    void theWatchWalksAtMostOnceAMillisecond_howeverShortTheThreshold() {
        Recorder recorder = new Recorder();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(recorder).withSlowHandlerThreshold(Duration.ofNanos(1_000)))) {
            Pid stuck = runtime.start(new Probe("stuck", events));
            Probe.Block block = Probe.Block.newBlock();
            stuck.cast(block);
            Fixtures.await(block.entered());

            timers.advance(Duration.ofMillis(2).minusNanos(1)); // the first walk, at 1 ms, sees it begin
            assertThat(recorder.slow).as("one walk so far: seen once, not yet for the threshold").isEmpty();
            timers.advance(Duration.ofNanos(1)); // the second walk, at 2 ms

            assertThat(recorder.slow).containsExactly(block);
            block.release().countDown();
        }
    }

    /**
     * A listener told of an exit may act on the process that exited, here by killing it again: the kill finds it
     * gone and returns, as a kill of any exited process does. It waited for the exit's announcement, which was the
     * listener's own caller further up the same thread, and spun for ever.
     */
    @Test
    void aListenerThatKillsTheProcessItIsToldOf_returns() {
        AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();
        BlockingQueue<Pid> exits = new LinkedBlockingQueue<>();
        RuntimeListener killsAgain = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                runtime.get().kill(pid);
                exits.add(pid);
            }
        };
        try (ProcessRuntime opened = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(new ManualTimers())
                .withListener(killsAgain))) {
            runtime.set(opened);
            Pid pid = opened.start(new Probe());

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> opened.kill(pid), "a kill that never returns");

            assertThat(pid.isAlive()).isFalse();
            assertThat(exits).containsExactly(pid);
        }
    }

    /** A listener that throws, against its contract, fails nothing it is told of: each event had happened. */
    @Test
    void aListenerThatThrows_failsNoStartCallOrKill() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger exited = new AtomicInteger();
        RuntimeListener throwing = new RuntimeListener() {
            @Override
            public void processStarted(Pid pid) {
                started.incrementAndGet();
                throw new IllegalStateException("started");
            }

            @Override
            public void callCompleted(Pid pid, long nanos) {
                completed.incrementAndGet();
                throw new IllegalStateException("completed");
            }

            @Override
            public void processExited(Pid pid, ExitReason reason) {
                exited.incrementAndGet();
                throw new IllegalStateException("exited");
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(new ManualTimers())
                .withListener(throwing))) {
            Pid pid = runtime.start(new Probe());
            // Calls are timed at random, one in Sampling.EVERY: none of 1,000 is, once in about seven million runs.
            for (int i = 1; i <= 1000; i++) {
                assertThat(pid.call(new Probe.Add(1))).isEqualTo((long) i);
            }
            runtime.kill(pid);

            assertThat(pid.isAlive()).isFalse();
            assertThat(started.get()).isOne();
            assertThat(completed.get()).as("sampled calls told, each throwing").isPositive();
            assertThat(exited.get()).isOne();
        }
    }
}
