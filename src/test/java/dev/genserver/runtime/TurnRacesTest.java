package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hand-overs of the turn between drainers, callers and killers, and the order of a stop's reply. */
class TurnRacesTest {

    private static final Duration FOREVER = Duration.ofMinutes(1);

    /**
     * Real time: a deadlock here shows as a call that times out after a second, which with manual time (that no test
     * here moves) would wait for the test's own timeout instead.
     */
    private static ProcessRuntime runtime() {
        return ProcessRuntime.create();
    }
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** A calls B, B calls A back: what B's call to A came to. */
    record Through(Pid other) implements Call<String> { }

    record Back() implements Call<String> { }

    /** Relays {@link Through} to the other process, which calls back with {@link Back}. */
    static final class Relay extends Probe {
        private final Pid[] peer;

        Relay(Pid[] peer) {
            this.peer = peer;
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return switch (request) {
                case Through through -> through.reply(through.other().call(new Back(), FOREVER), n);
                case Back back -> {
                    try {
                        yield back.reply("answered: " + peer[0].call(new Probe.Get(), Duration.ofSeconds(1)), n);
                    } catch (CallingSelfException expected) {
                        yield back.reply("calling_self", n);
                    } catch (CallTimeoutException deadlocked) {
                        yield back.reply("timeout", n);
                    }
                }
                default -> super.handleCall(request, from, n);
            };
        }
    }

    @Test
    void callingBackThroughAnother_rightAfterADrainerGaveUpTheTurn_failsAsCallingSelf_everyTime() {
        try (ProcessRuntime runtime = runtime()) {
            Pid[] peerOfB = new Pid[1];
            Pid a = runtime.start(new Relay(new Pid[1]));
            Pid b = runtime.start(new Relay(peerOfB));
            peerOfB[0] = a;
            int iterations = 2_000;
            int callingSelf = 0;
            for (int i = 0; i < iterations; i++) {
                a.cast(1L); // a drainer runs and ends just as this thread takes the turn for the call below
                if (a.call(new Through(b), FOREVER).equals("calling_self")) {
                    callingSelf++;
                }
            }
            assertThat(callingSelf).isEqualTo(iterations);
            assertThat(a.call(new Probe.Get())).isEqualTo(iterations);
        }
    }

    @Test
    void killingAProcessWhoseDrainerRunsAnotherInline_neverInterruptsTheOther() {
        record Spin() implements Call<Boolean> { }
        record CallInline(Pid other) { }
        AtomicInteger interruptedSpins = new AtomicInteger();
        try (ProcessRuntime runtime = runtime()) {
            Pid q = runtime.start(new Probe("q", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Spin spin) {
                        for (int i = 0; i < 200; i++) {
                            Thread.onSpinWait();
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            interruptedSpins.incrementAndGet();
                        }
                        return spin.reply(true, n + 1);
                    }
                    return super.handleCall(request, from, n);
                }
            });
            for (int i = 0; i < 500; i++) {
                CountDownLatch started = new CountDownLatch(1);
                Pid p = runtime.start(new Probe("p", events) {
                    @Override
                    public Result<Long> handleCast(Object message, Long n) {
                        if (message instanceof CallInline(Pid other)) {
                            started.countDown();
                            while (true) {
                                other.call(new Spin()); // ends once this process is killed: its calls fail
                            }
                        }
                        return super.handleCast(message, n);
                    }
                });
                p.cast(new CallInline(q));
                await(started);
                runtime.kill(p);
            }
            assertThat(interruptedSpins.get()).as("handlers of q that saw p's kill").isZero();
            assertThat(q.isAlive()).isTrue();
        }
    }

    @Test
    void stopWithReply_onTheQueuedPath_answersOnlyAfterTerminate() {
        CountDownLatch terminating = new CountDownLatch(1);
        CountDownLatch finishTerminate = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    terminating.countDown();
                    await(finishTerminate);
                }
            });

            CompletableFuture<String> reply = pid.callAsync(new Probe.StopWith(ExitReason.NORMAL), FOREVER);
            await(terminating);

            assertThat(reply).as("no reply while terminate runs").isNotDone();
            finishTerminate.countDown();
            assertThat(join(reply)).isEqualTo("bye");
            assertThat(pid.isAlive()).as("gone by the time its reply arrives").isFalse();
        }
    }

    @Test
    void stopWithReply_onTheCallersThread_answersOnlyAfterTerminate_andTheProcessIsGone() {
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe("p", events));

            String reply = pid.call(new Probe.StopWith(ExitReason.NORMAL));

            assertThat(reply).isEqualTo("bye");
            assertThat(events).contains(new Probe.Terminated("p", ExitReason.NORMAL, 0L));
            assertThat(pid.isAlive()).isFalse();
        }
    }
}
