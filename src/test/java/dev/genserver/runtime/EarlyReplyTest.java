package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code GenServer.reply/2} before the handler returns: gen.erl sends the reply at once, and the caller's receive
 * ends when it arrives, however long the handler goes on. A call to an idle process runs its handler on the caller's
 * thread, which can take a reply only once the handler returns; the reply still counts when it was given, and the
 * process's calls are queued from then on, so that the next early reply reaches its caller at once.
 */
class EarlyReplyTest {

    private final ManualTimers timers = new ManualTimers();

    /** OTP 25: a reply given at once by a handler that then works 400 ms answers a call with a 200 ms timeout. */
    @Test
    void aReplyInTime_byAHandlerOnTheCallersThread_thatThenOutrunsTheTimeout_answersTheCall() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                from.reply(n + 1);
                timers.advance(Duration.ofMillis(400)); // the work after the reply
                return Result.noreply(n + 1);
            }));

            assertThat(pid.call(new Probe.Get(), Duration.ofMillis(200))).isEqualTo(1L);
            assertThat(pid.isAlive()).isTrue();
        }
    }

    /** The same, with the reply given by another thread while the handler works. */
    @Test
    void aReplyInTime_fromAnotherThread_whileTheHandlerOnTheCallersThreadWorks_answersTheCall() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                Thread helper = Thread.ofVirtual().start(() -> from.reply(42L));
                joinThread(helper);
                timers.advance(Duration.ofMillis(400));
                return Result.noreply(n);
            }));

            assertThat(pid.call(new Probe.Get(), Duration.ofMillis(200))).isEqualTo(42L);
        }
    }

    /** A reply given after the timeout is still late: the caller had given up. */
    @Test
    void aReplyAfterTheTimeout_byAHandlerOnTheCallersThread_isATimeout() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                timers.advance(Duration.ofMillis(300));
                from.reply(n + 1);
                return Result.noreply(n + 1);
            }));

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(200)))
                    .isInstanceOf(CallTimeoutException.class);
        }
    }

    /**
     * Once a process has replied early, its next early reply reaches the caller while the handler still works: here
     * the handler waits for a latch only the test opens after the call has returned, which deadlocked when the call
     * ran the handler on the test's own thread.
     */
    @Test
    void afterAnEarlyReply_theNextEarlyReply_reachesTheCallerWhileTheHandlerStillWorks() {
        CountDownLatch workMayEnd = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(repliesThenWorks(workMayEnd, 1));
            assertThat(pid.call(new Probe.Get())).isEqualTo(1L);

            assertThat(answeredWhileTheHandlerWorks(pid)).isEqualTo(2L);
            workMayEnd.countDown();
            assertThat(pid.call(new Probe.Get())).as("the handler ended").isEqualTo(3L);
        }
    }

    /** A server started as replying early has even its first early reply reach the caller while it works. */
    @Test
    void aServerStartedWithEarlyReplies_answersItsFirstCallWhileTheHandlerStillWorks() {
        CountDownLatch workMayEnd = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(repliesThenWorks(workMayEnd, 0), StartOptions.DEFAULTS.withEarlyReplies(true));

            assertThat(answeredWhileTheHandlerWorks(pid)).isEqualTo(1L);
            workMayEnd.countDown();
            assertThat(pid.call(new Probe.Get())).isEqualTo(2L);
        }
    }

    /** The caller of a process that replied early may be called back by it before that handler returns. */
    @Test
    void aProcessThatRepliedEarly_mayCallItsCallerBack_whichIsFreeOnceAnswered() {
        BlockingQueue<Object> calledBack = new LinkedBlockingQueue<>();
        AtomicReference<Pid> aOfB = new AtomicReference<>();
        AtomicReference<Pid> bOfA = new AtomicReference<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid a = runtime.start(new Peer(bOfA, calledBack));
            Pid b = runtime.start(new Peer(aOfB, calledBack));
            aOfB.set(a);
            bOfA.set(b);
            assertThat(b.call(new Warm())).as("a first early reply, to the test").isEqualTo("warm");

            assertThat(a.call(new Go())).isEqualTo("early");

            assertThat(take(calledBack)).isEqualTo("pong");
        }
    }

    private record Go() implements Call<String> { }

    private record Ping() implements Call<String> { }

    private record Warm() implements Call<String> { }

    private record Back() implements Call<String> { }

    /**
     * A on Go calls its peer B with Back; B answers Back early, then calls A with Ping and records what A answered
     * (pong), or the failure; Warm is an early reply alone.
     */
    private record Peer(AtomicReference<Pid> peer, BlockingQueue<Object> calledBack) implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok("");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            return switch (request) {
                case Go go -> go.reply(peer.get().call(new Back()), state);
                case Ping ping -> ping.reply("pong", state);
                case Warm warm -> {
                    from.reply("warm");
                    yield Result.noreply(state);
                }
                case Back back -> {
                    from.reply("early");
                    try {
                        calledBack.add(peer.get().call(new Ping()));
                    } catch (GenServerException failed) {
                        calledBack.add(failed.error());
                    }
                    yield Result.noreply(state);
                }
                default -> throw new UnexpectedMessageException("peer", "call", request);
            };
        }
    }

    /**
     * A supervisor refuses a start through its caller's From and returns at once: no early reply, so its later calls
     * still run on their callers' threads. It was marked, and every start after one refused at the bound, or one that
     * lost a race to a name, was queued for the supervisor's life.
     */
    @Test
    void aSupervisorRefusingAStart_isNotTakenForAServerThatRepliesEarly() {
        try (ProcessRuntime runtime = runtime(timers)) {
            DynamicSupervisor dynamic = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(1),
                    StartOptions.DEFAULTS);
            dynamic.startChild(ChildSpec.temporary("a", Probe::new));
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                    StartOptions.DEFAULTS);
            ChildSpec child = ChildSpec.permanent("a", Probe::new);
            supervisor.startChild(child);

            assertThatThrownBy(() -> dynamic.startChild(ChildSpec.temporary("b", Probe::new)))
                    .isInstanceOf(MaxChildrenException.class);
            assertThatThrownBy(() -> supervisor.startChild(child)).isInstanceOf(AlreadyStartedException.class);

            assertThat(((ProcessCell) dynamic.pid()).repliesEarly).isFalse();
            assertThat(((ProcessCell) supervisor.pid()).repliesEarly).isFalse();
        }
    }

    /** Counts calls, each answered at once; from the {@code from}th on, works until {@code workMayEnd} opens. */
    private static GenServer<Long> repliesThenWorks(CountDownLatch workMayEnd, long from) {
        return Fixtures.answering(0L, (request, caller, n) -> {
            caller.reply(n + 1);
            if (n >= from) {
                await(workMayEnd);
            }
            return Result.noreply(n + 1);
        });
    }

    /** A call from another thread, which must be answered while its handler still works (a test thread runs none). */
    private static Long answeredWhileTheHandlerWorks(Pid pid) {
        return join(CompletableFuture.supplyAsync(() -> pid.call(new Probe.Get()),
                runnable -> Thread.ofVirtual().start(runnable)));
    }

    private static void joinThread(Thread thread) {
        try {
            thread.join(Fixtures.PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
