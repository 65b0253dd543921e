package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A call to an idle process runs its handler on the caller's thread; the caller's thread must not leak into the
 * server. A caller that gives up (an interrupt: {@code Future.cancel(true)}, structured concurrency, a servlet
 * timeout) never crashes the server, and a handler behaves the same whichever thread runs it.
 */
class CallerThreadTest {

    private static final Duration FOREVER = Duration.ofMinutes(1);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Asks {@code b} for its value and adds it to its own: a handler that waits on another process. */
    record AskAndAdd(Pid other) implements Call<Long> { }

    /** What the handler saw of its thread: whether it was interrupted. */
    record SeesInterrupt() implements Call<Boolean> { }

    static final class Asker extends Probe {
        Asker(BlockingQueue<Object> events) {
            super("asker", events);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return switch (request) {
                case AskAndAdd ask -> {
                    long sum = n + ask.other().call(new Probe.Get(), FOREVER);
                    yield ask.reply(sum, sum);
                }
                case SeesInterrupt sees -> sees.reply(Thread.currentThread().isInterrupted(), n);
                default -> super.handleCall(request, from, n);
            };
        }
    }

    @Test
    void interruptingTheCaller_whileItsServerWaitsOnABusyOne_neitherCrashesTheServer_norLosesItsState() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = runtime.start(new Asker(events));
            a.call(new Probe.Add(10));
            Pid b = runtime.start(new Probe("b", events, 5));
            Probe.Block busy = Probe.Block.newBlock();
            CompletableFuture<String> blocking = b.callAsync(busy, FOREVER);
            await(busy.entered());

            CompletableFuture<Long> answer = new CompletableFuture<>();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            CountDownLatch calling = new CountDownLatch(1);
            Thread caller = Thread.ofVirtual().start(() -> {
                calling.countDown();
                try {
                    answer.complete(a.call(new AskAndAdd(b), FOREVER)); // runs A's handler on this thread
                } catch (RuntimeException failure) {
                    answer.completeExceptionally(failure);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            await(calling);
            Waiting.until("A's handler waits for B", () -> b.isAlive() && runtime.info(b).mailbox() == 1);

            caller.interrupt();
            busy.release().countDown();

            assertThat(join(answer)).as("A's wait held the interrupt back and got B's answer").isEqualTo(15);
            Waiting.until("the caller is done", () -> interruptedAfter.get() != null);
            assertThat(interruptedAfter.get()).as("the caller's interrupt is given back").isTrue();
            assertThat(a.isAlive()).isTrue();
            assertThat(a.call(new Probe.Get())).isEqualTo(15);
            assertThat(join(blocking)).isEqualTo("released");
        }
    }

    @Test
    void cancellingAFutureWhoseTaskRunsTheHandler_leavesTheServerRunningWithItsState() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits);
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Pid a = runtime.start(new Probe("a", events, 3));
            Probe.Block block = Probe.Block.newBlock();
            Future<String> task = executor.submit(() -> a.call(block, FOREVER)); // runs the handler inline
            await(block.entered());

            task.cancel(true); // interrupts the thread running the handler: the caller gives up

            Waiting.until("the handler saw the interrupt", () -> events.contains(new Probe.Interrupted("a")));
            assertThat(a.isAlive()).as("a caller giving up is not a crash").isTrue();
            assertThat(a.call(new Probe.Get())).as("the state it had").isEqualTo(3);
            assertThat(runtime.info(a).restarts()).isZero();
        }
    }

    /**
     * A stop returned to a call on the caller's thread runs {@code terminate} there. In OTP nothing on the
     * caller's side reaches {@code terminate}; here the caller's interrupt can cut it short, but the process still
     * exits with the reason it chose, not as a crash (which would restart a transient child and kill its links).
     */
    @Test
    void aTerminateCutShortBecauseItsCallerWasInterrupted_exitsWithTheStopsReason_notACrash() {
        CountDownLatch terminating = new CountDownLatch(1);
        AtomicReference<Thread> terminatedOn = new AtomicReference<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid quitter = runtime.start(new GenServer<Long>() {
                @Override
                public Init<Long> init() {
                    return Init.ok(0L);
                }

                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    return new Probe.Get().stop(ExitReason.NORMAL, n, n);
                }

                @Override
                public void terminate(ExitReason reason, Long n) {
                    terminatedOn.set(Thread.currentThread());
                    terminating.countDown();
                    try {
                        new CountDownLatch(1).await(); // I/O that only an interrupt ends
                    } catch (InterruptedException interrupted) {
                        throw new IllegalStateException("flushing was interrupted", interrupted);
                    }
                }
            });
            CompletableFuture<Object> answer = new CompletableFuture<>();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(quitter.call(new Probe.Get(), FOREVER));
                } catch (RuntimeException e) {
                    answer.complete(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            await(terminating);
            assertThat(terminatedOn.get()).as("terminate runs on the caller's thread").isSameAs(caller);

            caller.interrupt();

            assertThat(exits.await(quitter)).isEqualTo(ExitReason.NORMAL);
            assertThat(join(answer)).as("the reply still goes out, as OTP's after clause sends it").isEqualTo(0L);
            Waiting.until("the caller is done", () -> interruptedAfter.get() != null);
            assertThat(interruptedAfter.get()).as("the caller keeps its interrupt").isTrue();
        }
    }

    @Test
    void aHandlerThatFailsBecauseItsCallerWasInterrupted_dropsTheMessage_andTheCallerHearsInterrupted() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = runtime.start(new Probe("a", events, 3));
            Probe.Block block = Probe.Block.newBlock();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    a.call(block, FOREVER);
                    failure.complete(null);
                } catch (RuntimeException e) {
                    failure.complete(e);
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
            await(block.entered());

            caller.interrupt();

            assertThat(join(failure)).isInstanceOf(CallInterruptedException.class);
            Waiting.until("the caller is done", () -> interruptedAfter.get() != null);
            assertThat(interruptedAfter.get()).isTrue();
            assertThat(a.call(new Probe.Add(1))).isEqualTo(4);
        }
    }

    @Test
    void aCallerThatArrivesInterrupted_runsAHandlerThatDoesNotSeeIt_andKeepsItsFlag() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = runtime.start(new Asker(events));
            CompletableFuture<Boolean> seen = new CompletableFuture<>();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt();
                seen.complete(a.call(new SeesInterrupt(), FOREVER));
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            });

            assertThat(join(seen)).as("the handler saw no interrupt, as it would on a drainer").isFalse();
            Waiting.until("the caller is done", () -> interruptedAfter.get() != null);
            assertThat(interruptedAfter.get()).isTrue();
        }
    }

    @Test
    void self_namesTheProcessOnEitherPath_andIsRestoredAfterANestedInlineCall() {
        record WhoAmI(Pid other) implements Call<String> { }
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid inner = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                return ((WhoAmI) request).reply(String.valueOf(Self.pid().id()), n);
            }));
            Pid outer = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                WhoAmI who = (WhoAmI) request;
                String nested = who.other() == null ? "" : who.other().call(new WhoAmI(null));
                return who.reply(nested + "/" + Self.pid().id(), n);
            }));

            String inline = outer.call(new WhoAmI(inner));
            String queued = join(outer.callAsync(new WhoAmI(inner), FOREVER));

            String expected = inner.id() + "/" + outer.id();
            assertThat(inline).isEqualTo(expected);
            assertThat(queued).isEqualTo(expected);
        }
    }
}
