package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code send_request/2} and {@code wait_response/2}: as OTP documents them, a wait that times out returns
 * {@code timeout} and the request stays valid ("it is valid to continue waiting for a response as many times as
 * needed up until a response has been received"); the server handles the call once either way.
 */
class SendRequestTest {

    /** Long enough that nothing here ever reaches it: a test that does has found a wait that hangs. */
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** A wait the test times out by moving time: the process is blocked until the test releases it. */
    private static final Duration SHORT = Duration.ofMillis(20);

    private final ManualTimers timers = new ManualTimers();

    @Test
    void waitsThatTimeOut_leaveTheRequestValid_countOneTimeout_andALaterWaitGetsTheReplyOfTheOneCall() {
        List<Pid> timedOut = new CopyOnWriteArrayList<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void callTimedOut(Pid pid) {
                timedOut.add(pid);
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(listener))) {
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = busyUntilReleased(runtime, block);

            Request<Long> request = pid.sendRequest(new Probe.Add(5));
            Fixtures.timeOutTheWait(timers, SHORT);
            assertThatThrownBy(() -> request.await(SHORT)).isInstanceOf(CallTimeoutException.class);
            assertThat(request.isDone()).isFalse();
            Fixtures.timeOutTheWait(timers, SHORT);
            assertThatThrownBy(() -> request.await(SHORT)).isInstanceOf(CallTimeoutException.class);
            assertThat(timedOut).as("the call timed out, once, however often its waits did").containsExactly(pid);
            assertThat(timers.pending()).as("no timer gives the request up").isZero();
            block.release().countDown();

            assertThat(request.await(WAIT)).isEqualTo(5L);
            assertThat(request.isAnswered()).isTrue();
            assertThat(request.await(Duration.ZERO)).as("an ended request answers every wait").isEqualTo(5L);
            assertThat(pid.call(new Probe.Get())).as("the call was handled once").isEqualTo(5L);
            assertThat(request.pid()).isEqualTo(pid);
        }
    }

    @Test
    void sendRequest_returnsAtOnce_evenToAnIdleProcessWhoseHandlerBlocks() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();

            Request<String> request = pid.sendRequest(block);

            await(block.entered());
            assertThat(request.isDone()).isFalse();
            block.release().countDown();
            assertThat(request.await(WAIT)).isEqualTo("released");
        }
    }

    @Test
    void aProcessKilledBeforeItHandlesTheCall_endsTheRequestWithItsExit() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = busyUntilReleased(runtime, block);
            Request<Long> request = pid.sendRequest(new Probe.Add(1));

            runtime.kill(pid);

            assertThatThrownBy(() -> request.await(WAIT)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason()).isEqualTo(ExitReason.KILLED));
            assertThat(request.isDone()).isTrue();
            assertThat(request.isAnswered()).isFalse();
        }
    }

    @Test
    void aCallThatCrashesTheServer_endsTheRequestWithTheCrash() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            Request<Long> request = pid.sendRequest(new Probe.Boom("boom"));

            assertThatThrownBy(() -> request.await(WAIT)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason().kind()).isEqualTo(ExitReason.Kind.CRASH));
            assertThat(request.isAnswered()).isFalse();
        }
    }

    @Test
    void aRequestToADeadProcess_isNoproc() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            Request<Long> request = pid.sendRequest(new Probe.Get());

            assertThat(request.isDone()).isTrue();
            assertThatThrownBy(() -> request.await(WAIT)).isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void anInterruptedWait_throwsAndRestoresTheFlag_andTheRequestStaysValid() throws Exception {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = busyUntilReleased(runtime, block);
            Request<Long> request = pid.sendRequest(new Probe.Add(3));

            CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    request.await(WAIT.multipliedBy(6));
                    flagAfter.completeExceptionally(new AssertionError("the wait returned"));
                } catch (CallInterruptedException interrupted) {
                    flagAfter.complete(Thread.currentThread().isInterrupted());
                }
            });
            waiter.interrupt();

            assertThat(flagAfter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            block.release().countDown();
            assertThat(request.await(WAIT)).isEqualTo(3L);
        }
    }

    /**
     * A callback waiting for a request ends when its own process is killed, as a callback's call does: on the
     * process's own thread (a cast) the kill interrupts it, on a caller's thread (a call to an idle process runs
     * there) it only wakes it. Either way the wait ends long before its 30 s, and the request stays valid.
     */
    @Test
    void aCallbackWaitingForARequest_endsWhenItsProcessIsKilled_onItsOwnThreadOrACallers() throws Exception {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid blocked = busyUntilReleased(runtime, block);
            Request<Long> request = blocked.sendRequest(new Probe.Add(4));
            for (boolean onCallersThread : new boolean[] {false, true}) {
                CountDownLatch waiting = new CountDownLatch(1);
                Pid waiter = runtime.start(Fixtures.answering(0, (message, from, n) -> {
                    waiting.countDown();
                    return new Probe.Get().reply(request.await(WAIT.multipliedBy(6)), n);
                }));
                CompletableFuture<Object> call = new CompletableFuture<>();
                if (onCallersThread) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            call.complete(waiter.call(new Probe.Get(), WAIT.multipliedBy(6)));
                        } catch (RuntimeException failed) {
                            call.complete(failed);
                        }
                    });
                } else {
                    call.complete(waiter.callAsync(new Probe.Get(), WAIT.multipliedBy(6))
                            .handle((value, failure) -> failure == null ? value : failure));
                }
                await(waiting);

                runtime.kill(waiter);

                Object outcome = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (outcome instanceof CompletableFuture<?> future) {
                    outcome = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                assertThat(outcome).as(onCallersThread ? "on the caller's thread" : "on its own thread")
                        .isInstanceOf(ProcessExitException.class);
                assertThat(request.isDone()).isFalse();
            }
            block.release().countDown();
            assertThat(request.await(WAIT)).isEqualTo(4L);
        }
    }

    /**
     * OTP's send_request has no calling_self check: a process may ask itself and read the reply later, which comes
     * after the current message: the Get sees the state the Add left (8), not the one it found (7).
     */
    @Test
    void aProcessMaySendARequestToItself_andGetsTheReplyAfterTheCurrentMessage() {
        try (ProcessRuntime runtime = runtime(timers)) {
            CompletableFuture<Request<Long>> sent = new CompletableFuture<>();
            Pid pid = runtime.start(Fixtures.answering(7, (message, from, n) -> {
                if (message instanceof Probe.Add) {
                    sent.complete(Self.pid().sendRequest(new Probe.Get()));
                    return new Probe.Get().reply(n, n + 1);
                }
                return new Probe.Get().reply(n, n);
            }));

            pid.call(new Probe.Add(0));

            assertThat(Fixtures.join(sent).await(WAIT)).isEqualTo(8L);
        }
    }

    /**
     * A handler that runs on after its process was killed (it ignored the interrupt) achieves nothing more: its
     * request fails at once and never reaches the other process, as its call would.
     */
    @Test
    void aRequestFromAKilledProcesssHandler_failsAtOnce_andNeverReachesItsTarget() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid target = runtime.start(new Probe());
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Pid zombie = runtime.start(Fixtures.answering(0, (message, from, n) -> {
                entered.countDown();
                awaitUninterruptibly(release);
                try {
                    target.sendRequest(new Probe.Add(1)).await(WAIT);
                    outcome.complete(null);
                } catch (RuntimeException failed) {
                    outcome.complete(failed);
                }
                return new Probe.Get().reply(n, n);
            }));
            zombie.callAsync(new Probe.Get(), WAIT);
            await(entered);

            runtime.kill(zombie);
            release.countDown();

            assertThat(Fixtures.join(outcome)).isInstanceOf(ProcessExitException.class);
            assertThat(target.call(new Probe.Get())).as("nothing was added").isZero();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException ignored) {
                interrupted = true; // a handler that does not stop when its process is killed
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void whenDone_runsOnceTheReplyComes_orAtOnceIfItHasCome() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = busyUntilReleased(runtime, block);
            Request<Long> request = pid.sendRequest(new Probe.Add(2));
            List<String> done = new CopyOnWriteArrayList<>();
            CountDownLatch firstRan = new CountDownLatch(1);
            request.whenDone(() -> {
                done.add("first");
                firstRan.countDown();
            });
            assertThat(done).isEmpty();

            block.release().countDown();
            await(firstRan); // it runs on the replying thread, which may finish it after the waiter wakes
            request.whenDone(() -> done.add("second"));

            assertThat(done).as("the second ran at once, on this thread").containsExactly("first", "second");
        }
    }

    /** A probe busy with {@code block} until the test releases it: what is sent to it meanwhile waits. */
    private static Pid busyUntilReleased(ProcessRuntime runtime, Probe.Block block) {
        Pid pid = runtime.start(new Probe());
        pid.cast(block);
        await(block.entered());
        return pid;
    }
}
