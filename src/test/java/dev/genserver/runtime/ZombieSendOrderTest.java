package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Nothing a killed process sends reaches another after its DOWN. Erlang's reference manual (Processes, Signals):
 * signals from one process to another arrive in the order sent, and a process that has exited sends nothing, so
 * a monitor that has handled A's DOWN never handles a message of A's afterwards. The check for a kill ran once,
 * before a send's work (a timer to schedule, the yields for an inline turn): a kill in between let the zombie's
 * message in behind its DOWN.
 */
class ZombieSendOrderTest {

    private record FromA() implements Call<String> { }

    /** Tells A to call {@code target}; {@code calling} counts down as it does, {@code returned} once it is back. */
    private record Go(Pid target, CountDownLatch calling, CountDownLatch returned) { }

    private static final int ROUNDS = 2_000;
    /** How far the kill is moved across the call's window, in spins, round after round. */
    private static final int SWEEP = 400;

    /** A send_request whose timer is being scheduled when A is killed: the kill's DOWN comes first, then nothing. */
    @Test
    void aRequestSentAsTheSenderIsKilled_neverFollowsItsDown() {
        HoldingTimers timers = new HoldingTimers();
        BlockingQueue<Object> seenByW = new LinkedBlockingQueue<>();

        List<String> handled = whatWHandled(timers, recordingRequestsFromA(seenByW), seenByW,
                (runtime, w) -> w.callAsync(new FromA(), Duration.ofSeconds(10))); // held scheduling its timeout

        assertThat(handled).containsExactly("DOWN of A");
    }

    /** A sys request (replace_state) whose deadline is being read when A is killed: refused, never after the DOWN. */
    @Test
    void aSysRequestSentAsTheSenderIsKilled_neverFollowsItsDown() {
        HoldingTimers timers = new HoldingTimers();
        BlockingQueue<Object> seenByW = new LinkedBlockingQueue<>();

        List<String> handled = whatWHandled(timers, new Probe("w", seenByW), seenByW, (runtime, w) -> {
            timers.holdInClock = true; // held reading the clock for the request's deadline
            runtime.<Long>replaceState(w, state -> {
                seenByW.add("sys request from A");
                return state;
            }, Duration.ofSeconds(2));
        });

        assertThat(handled).containsExactly("DOWN of A");
    }

    /**
     * An {@code init} still running when its start times out: the start marks the process dead and sends its EXIT to
     * the process init linked to, and a message init was sending it then is refused, not handled after the EXIT.
     */
    @Test
    void aMessageOfAnInitWhoseStartTimedOut_neverFollowsItsExit() {
        HoldingTimers timers = new HoldingTimers();
        BlockingQueue<Object> seenByW = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers))) {
            Pid w = runtime.start(recordingRequestsFromA(seenByW), StartOptions.DEFAULTS.withTrapExits(true));
            CountDownLatch initReturned = new CountDownLatch(1);
            GenServer<Long> linkingToW = () -> {
                try {
                    Self.link(w);
                    timers.holdIn = Self.pid();
                    w.callAsync(new FromA(), Duration.ofSeconds(10)); // held scheduling its timeout
                } catch (GenServerException refused) {
                    // refused: its process is dead
                } finally {
                    initReturned.countDown();
                }
                return Init.ok(0L);
            };
            CompletableFuture<Pid> start = CompletableFuture.supplyAsync(() -> runtime.start(linkingToW,
                    StartOptions.DEFAULTS.withStartTimeout(Duration.ofSeconds(1))));
            await(timers.held);

            timers.delegate.advance(Duration.ofSeconds(1));
            assertThat(start).failsWithin(Fixtures.PATIENCE);
            timers.release.countDown();
            await(initReturned);
            w.call(new Probe.Get());

            assertThat(seenByW).as("what W handled").hasSize(1).first().isInstanceOfSatisfying(Probe.Info.class,
                    info -> assertThat(info.message()).isInstanceOf(Exit.class));
        }
    }

    /**
     * Starts W and a process A that W monitors; A's handler does {@code fromA} to W, held inside it by
     * {@code timers} (past its first check for a kill) while A is killed, then let go. Returns what W handled, in
     * order, once it has handled all that came before a call of the test's.
     */
    private static List<String> whatWHandled(HoldingTimers timers, Probe wServer, BlockingQueue<Object> seenByW,
            BiConsumer<ProcessRuntime, Pid> fromA) {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers))) {
            Pid w = runtime.start(wServer);
            CountDownLatch returned = new CountDownLatch(1);
            Pid a = runtime.start(new Probe("a", new LinkedBlockingQueue<>()) {
                @Override
                public Result<Long> handleCast(Object message, Long n) {
                    try {
                        fromA.accept(runtime, w);
                    } catch (GenServerException killedMeanwhile) {
                        // refused as a zombie's
                    } finally {
                        returned.countDown();
                    }
                    return Result.noreply(n);
                }
            });
            runtime.monitor(w, a);
            timers.holdIn = a;

            a.cast("go");
            await(timers.held);
            runtime.kill(a); // returns once A's DOWN is in W's mailbox
            timers.release.countDown();
            await(returned);
            w.call(new Probe.Get());
            return order(seenByW);
        }
    }

    /** {@code Self.exit(w, :kill)} of a process killed once past its first check: refused, and W lives on. */
    @Test
    void anExitSignalOfAKilledProcess_endsNoOne() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid w = runtime.start(new Probe("w", new LinkedBlockingQueue<>()));
            Pid a = runtime.start(new Probe("a", new LinkedBlockingQueue<>()));
            runtime.kill(a);

            ProcessCell killed = runtime.cell(a);
            assertThat(catchThrowable(
                    () -> runtime.cell(w).exitSignal(killed, ExitReason.KILL)))
                    .isInstanceOf(ProcessExitException.class);
            assertThat(w.isAlive()).isTrue();
        }
    }

    /** A reply its server sends after being killed does not complete a caller's future after the server's DOWN. */
    @Test
    void aReplyOfAKilledServer_doesNotLandInTheCallersFuture() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid w = runtime.start(new Probe("w", new LinkedBlockingQueue<>()));
            CompletableFuture<Object> future = new CompletableFuture<>();
            PendingCall call = new PendingCall(Envelope.CALL, new Probe.Get(), runtime.cell(w), future);
            runtime.kill(w);

            assertThat(call.answerAs(runtime.cell(w), 1L)).as("the reply handed over").isFalse();
            assertThat(future).isNotDone();
        }
    }

    /**
     * A reply claimed before its server is killed, still being handed to the caller's future (held cancelling the
     * call's timer) when the kill comes: the caller gets that reply, not the kill's exit.
     */
    @Test
    void aReplyClaimedAsItsServerIsKilled_isWhatTheCallerGets() {
        HoldingTimers timers = new HoldingTimers();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers))) {
            Pid w = runtime.start(new Probe("w", new LinkedBlockingQueue<>()));
            timers.holdIn = w;
            timers.holdInCancel = true;
            CompletableFuture<Long> reply = w.callAsync(new Probe.Get(), Duration.ofSeconds(10));
            await(timers.held); // W's reply claimed, W's thread cancelling the call's timeout

            runtime.kill(w); // returns once W's DOWN is out; its answer to the call being handled lost to the reply

            timers.release.countDown();
            assertThat(reply).succeedsWithin(Fixtures.PATIENCE).isEqualTo(0L);
        }
    }

    /** A call that yields for W's turn, then queues: the kill swept across that window, round after round. */
    @Test
    void aCallQueuedAsTheCallerIsKilled_neverFollowsItsDown() {
        int reachedW = 0;
        int afterDown = 0;
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            for (int round = 0; round < ROUNDS; round++) {
                BlockingQueue<Object> events = new LinkedBlockingQueue<>();
                Pid w = runtime.start(recordingRequestsFromA(events));
                Pid a = runtime.start(new Probe("a", new LinkedBlockingQueue<>()) {
                    @Override
                    public Result<Long> handleCast(Object message, Long n) {
                        Go go = (Go) message;
                        try {
                            go.calling().countDown();
                            go.target().call(new FromA(), Duration.ofSeconds(10));
                        } catch (GenServerException killedMeanwhile) {
                            // refused as a zombie's, or its wait failed with its own exit
                        } finally {
                            go.returned().countDown();
                        }
                        return Result.noreply(n);
                    }
                });
                runtime.monitor(w, a);
                Probe.Block block = Probe.Block.newBlock();
                w.cast(block); // W busy with an empty mailbox: A's call yields for the turn, then queues
                await(block.entered());
                Go go = new Go(w, new CountDownLatch(1), new CountDownLatch(1));
                a.cast(go);
                await(go.calling());
                for (int spin = 0; spin < round % SWEEP; spin++) {
                    Thread.onSpinWait();
                }
                runtime.kill(a);
                await(go.returned()); // whatever the zombie queued is queued
                block.release().countDown();
                w.call(new Probe.Get());
                List<String> order = order(events);
                if (order.contains("request from A")) {
                    reachedW++;
                }
                if (order.indexOf("request from A") > order.indexOf("DOWN of A")) {
                    afterDown++;
                }
                runtime.kill(w);
            }
        }
        assertThat(afterDown).as("rounds in which W handled A's request after A's DOWN (of %s that reached W)",
                reachedW).isZero();
    }

    /** W: records each request from A, and (as a probe) each DOWN it gets. */
    private static Probe recordingRequestsFromA(BlockingQueue<Object> events) {
        return new Probe("w", events) {
            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                if (request instanceof FromA fromA) {
                    events.add("request from A");
                    return fromA.reply("ok", n);
                }
                return super.handleCall(request, from, n);
            }
        };
    }

    /** What W handled, in order: A's requests and DOWNs. */
    private static List<String> order(BlockingQueue<Object> events) {
        List<String> order = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof Probe.Info(String label, Object message) && message instanceof Down) {
                order.add("DOWN of A");
            } else if (event instanceof String request) {
                order.add(request);
            }
        }
        return order;
    }

    /**
     * Timers that hold a thread running process {@code holdIn} until released: in {@code schedule}, or once in
     * {@code nanoTime} after {@code holdInClock} is set, or in a timer's {@code cancel} with {@code holdInCancel}.
     */
    private static final class HoldingTimers implements TimerService {
        final ManualTimers delegate = new ManualTimers();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Pid holdIn;
        volatile boolean holdInClock;
        volatile boolean holdInCancel;

        @Override
        public TimerRef schedule(Runnable task, Duration delay) {
            if (!holdInClock && !holdInCancel) {
                holdIfIn();
            }
            TimerRef timer = delegate.schedule(task, delay);
            return new TimerRef() {
                @Override
                public Optional<Duration> timeLeft() {
                    return timer.timeLeft();
                }

                @Override
                public Optional<Duration> cancel() {
                    if (holdInCancel) {
                        holdIfIn();
                    }
                    return timer.cancel();
                }
            };
        }

        @Override
        public long nanoTime() {
            if (holdInClock) {
                holdIfIn();
            }
            return delegate.nanoTime();
        }

        private void holdIfIn() {
            if (holdIn != null && ProcessCell.CURRENT.get() == holdIn && held.getCount() > 0) {
                held.countDown();
                boolean interrupted = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (release.getCount() > 0 && System.nanoTime() < deadline) {
                    try {
                        release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        interrupted = true; // the kill interrupts the drainer: held on, as a preempted thread is
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
