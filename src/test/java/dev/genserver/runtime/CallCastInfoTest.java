package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** call, cast and send; typed replies; the async call; what happens to messages nobody handles. */
class CallCastInfoTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void call_returnsTheTypedReply_andKeepsTheNewState() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            Long first = pid.call(new Probe.Add(5));
            Long second = pid.call(new Probe.Add(2), Duration.ofSeconds(1));

            assertThat(first).isEqualTo(5L);
            assertThat(second).isEqualTo(7L);
            assertThat(pid.call(new Probe.Get())).isEqualTo(7L);
        }
    }

    @Test
    void cast_returnsOnceEnqueued_andIsHandledBeforeALaterCall() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());

            pid.cast(3L);
            pid.cast(4L);
            assertThat(runtime.info(pid).mailbox()).as("returned while the process is busy").isEqualTo(2);
            block.release().countDown();

            assertThat(pid.call(new Probe.Get())).isEqualTo(7L);
        }
    }

    @Test
    void send_deliversAnInfoMessage() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));

            pid.send("hello");

            assertThat(take(events)).isEqualTo(new Probe.Info("p", "hello"));
        }
    }

    @Test
    void callAsync_completesTheFutureWithTheReply() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            CompletableFuture<Long> reply = pid.callAsync(new Probe.Add(9), Duration.ofSeconds(1));

            assertThat(join(reply)).isEqualTo(9L);
        }
    }

    @Test
    void callAsync_toAnIdleProcessWhoseHandlerBlocks_returnsWithoutRunningItOnTheCallersThread() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();

            CompletableFuture<String> reply = pid.callAsync(block, Duration.ofSeconds(30));

            assertThat(reply).isNotDone();
            await(block.entered());
            block.release().countDown();
            assertThat(join(reply)).isEqualTo("released");
        }
    }

    @Test
    void callAsync_toABusyProcess_completesWhenItGetsThere() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());

            CompletableFuture<Long> reply = pid.callAsync(new Probe.Add(1), Duration.ofSeconds(1));
            assertThat(reply).isNotDone();
            block.release().countDown();

            assertThat(join(reply)).isEqualTo(1L);
            assertThat(timers.pending()).as("the timeout timer was cancelled by the reply").isZero();
        }
    }

    @Test
    void callAsync_toADeadProcess_failsTheFutureWithNoProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            CompletableFuture<Long> reply = pid.callAsync(new Probe.Get(), Duration.ofSeconds(1));

            assertThat(reply).isCompletedExceptionally();
            assertThatThrownBy(() -> join(reply)).isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void unexpectedCall_crashesTheServer_namingIt() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            assertThatThrownBy(() -> pid.call(new StartAndRegistryTest.Echo()))
                    .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(UnexpectedMessageException.class)
                                .hasMessageContaining(Probe.class.getName())
                                .hasMessageContaining("Echo");
                        assertThat(e.reason().kind()).isEqualTo(ExitReason.Kind.CRASH);
                    });
            assertThat(pid.isAlive()).isFalse();
        }
    }

    @Test
    void unexpectedCast_crashesTheServer() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));

            pid.cast("what is this");

            Probe.Terminated terminated = Fixtures.takeNext(events, Probe.Terminated.class);
            assertThat(terminated.reason().cause()).isInstanceOf(UnexpectedMessageException.class);
        }
    }

    @Test
    void unexpectedInfo_isLoggedAndTheStateKept() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(1L, (request, from, n) -> {
                return ((Probe.Get) request).reply(n, n);
            }));

            pid.send("stray");

            assertThat(pid.call(new Probe.Get())).isEqualTo(1L);
            assertThat(pid.isAlive()).isTrue();
        }
    }

    @Test
    void cast_toADeadProcess_failsWithNoProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThatThrownBy(() -> pid.cast(1L)).isInstanceOfSatisfying(NoProcessException.class,
                    e -> assertThat(e.error()).isEqualTo("noproc"));
        }
    }

    @Test
    void send_toADeadProcess_isDropped() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            // Pid ! Msg to a dead pid succeeds and the message is lost, as in Erlang: no noproc for a send
            assertThatCode(() -> pid.send("late")).doesNotThrowAnyException();
        }
    }

    @Test
    void call_withStopReply_answersThenStops() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 3));

            assertThat(pid.call(new Probe.StopWith(ExitReason.NORMAL))).isEqualTo("bye");

            assertThat(Fixtures.takeNext(events, Probe.Terminated.class))
                    .isEqualTo(new Probe.Terminated("p", ExitReason.NORMAL, 3L));
            assertThat(pid.isAlive()).isFalse();
        }
    }

    /**
     * gen_server's handle_msg sends the reply of {@code {:stop, reason, reply, state}} before the process exits, so
     * its caller always gets the reply. A queued call's sender looks for an exit right after queuing it (an exit
     * that drained the mailbox first would never answer it); the executor holds the sender there until the
     * drainer announces the exit, which is where a reply made after the exit lost to that check.
     */
    @Test
    void callAsync_withStopReply_getsTheReply_thoughItsSenderLooksForTheExitMeanwhile() {
        CountDownLatch exitAnnounced = new CountDownLatch(1);
        CountDownLatch senderReturned = new CountDownLatch(1);
        AtomicBoolean holdTheSender = new AtomicBoolean();
        Executor executor = drainer -> {
            Thread.startVirtualThread(drainer);
            if (holdTheSender.getAndSet(false)) {
                await(exitAnnounced);
            }
        };
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                exitAnnounced.countDown();
                try {
                    senderReturned.await(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withExecutor(executor).withListener(listener))) {
            Pid pid = runtime.start(new Probe("p", events, 3));
            holdTheSender.set(true);

            CompletableFuture<String> reply = pid.callAsync(new Probe.StopWith(ExitReason.NORMAL), Fixtures.PATIENCE);
            senderReturned.countDown();

            assertThat(join(reply)).isEqualTo("bye");
            assertThat(Fixtures.takeNext(events, Probe.Terminated.class))
                    .isEqualTo(new Probe.Terminated("p", ExitReason.NORMAL, 3L));
        }
    }

    @Test
    void handleCall_stopWithoutReply_failsTheCallerAtOnceWithTheReason() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                return Result.stop(ExitReason.abnormal("no_answer"), n);
            }));

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.abnormal("no_answer")));
        }
    }

    @Test
    void castStop_runsTerminateWithTheReason() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));

            pid.cast(2L);
            pid.cast(ExitReason.shutdown("done"));

            assertThat(Fixtures.takeNext(events, Probe.Terminated.class))
                    .isEqualTo(new Probe.Terminated("p", ExitReason.shutdown("done"), 2L));
        }
    }

    @Test
    void callbacks_seeSelfAsTheirOwnPid() {
        record WhoAmI() implements Call<Pid> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                return ((WhoAmI) request).reply(Self.pid(), n);
            }));

            assertThat(pid.call(new WhoAmI())).isSameAs(pid);
            assertThat(pid.toString()).startsWith("#PID<0.");
        }
    }

    @Test
    void inProcess_isTrueInACallback_andFalseOutsideOne_orInAStep() {
        record InProcess() implements Call<Boolean> { }
        GenServer<Long> asks = Fixtures.answering(0L, (request, from, n) ->
                ((InProcess) request).reply(Self.inProcess(), n));
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(asks);

            assertThat(pid.call(new InProcess())).isTrue();
            assertThat(Self.inProcess()).isFalse();
            assertThat(Step.call(asks, new InProcess(), 0L).reply()).isEqualTo(false);
        }
    }
}
