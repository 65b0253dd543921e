package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Helpers shared by the runtime tests. Every wait here is bounded and succeeds at once in the passing case; the
 * bound only keeps a failing test from hanging.
 */
final class Fixtures {

    /** How long a passing test may wait for something that is already on its way. */
    static final Duration PATIENCE = Duration.ofSeconds(5);
    /**
     * The shutdown bound of a process whose terminate never returns, which the test wants killed in it: the test
     * moves time past it once the terminate has begun ({@link #timeOutTheWait(ManualTimers, Duration,
     * CountDownLatch)}).
     */
    static final Duration KILLED_IN_TERMINATE = Duration.ofMillis(500);

    private Fixtures() {
    }

    /** A runtime whose time moves only when the test advances {@code timers}. */
    static ProcessRuntime runtime(ManualTimers timers) {
        return ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers));
    }

    /** A runtime with manual time that reports exits to {@code exits}. */
    static ProcessRuntime runtime(ManualTimers timers, Exits exits) {
        return ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers).withListener(exits));
    }

    /** What a tiny test server does with a call: {@code handleCall} as a lambda. */
    @FunctionalInterface
    interface CallHandler {
        CallResult<Long> handle(Call<?> request, From from, Long n);
    }

    /** A server whose state starts at {@code initial} and whose calls {@code handler} answers. */
    static GenServer<Long> answering(long initial, CallHandler handler) {
        return new GenServer<>() {
            @Override
            public Init<Long> init() {
                return Init.ok(initial);
            }

            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                return handler.handle(request, from, n);
            }
        };
    }

    /** Starts {@code server} linked to {@code parent}, as {@link Self#startLink} inside {@code parent} would. */
    static Pid startLinked(ProcessRuntime runtime, GenServer<?> server, StartOptions options, Pid parent) {
        return runtime.startLinked(server, options, runtime.cell(parent), 0);
    }

    /**
     * Times out the next wait bounded by {@code timeout}: from a thread of its own, moves {@code timers} on by
     * {@code timeout} once such a wait has begun (its wake-up is due that far ahead), so that the test's own thread
     * may be the one that waits. If none begins within {@link #PATIENCE} (a wait bounded otherwise, or by real
     * time), it interrupts the test's thread instead, whose own wait then fails rather than hangs.
     */
    static void timeOutTheWait(ManualTimers timers, Duration timeout) {
        timeOutTheWait(timers, timeout, new CountDownLatch(0));
    }

    /**
     * {@link #timeOutTheWait(ManualTimers, Duration)} once {@code begun} has opened too: a terminate the timeout
     * must interrupt, rather than come before.
     */
    static void timeOutTheWait(ManualTimers timers, Duration timeout, CountDownLatch begun) {
        Thread test = Thread.currentThread();
        Thread.ofVirtual().start(() -> {
            try {
                if (begun.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS) && timers.awaitDueIn(timeout, PATIENCE)) {
                    timers.advance(timeout);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            test.interrupt();
        });
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("latch opened").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted", e);
        }
    }

    /** The next element, which must arrive. */
    static <T> T take(BlockingQueue<T> queue) {
        try {
            T next = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("an element arrived").isNotNull();
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next element of {@code type}, skipping others. */
    static <T> T takeNext(BlockingQueue<Object> queue, Class<T> type) {
        while (true) {
            Object next = take(queue);
            if (type.isInstance(next)) {
                return type.cast(next);
            }
        }
    }

    /** The next info message of {@code type} recorded by a {@link Probe}, skipping other events. */
    static <T> T takeInfo(BlockingQueue<Object> queue, Class<T> type) {
        while (true) {
            Object next = take(queue);
            if (next instanceof Probe.Info(String label, Object message) && type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    /** Waits, within the tests' patience, until {@code pid}'s mailbox holds {@code size} messages. */
    static void awaitMailbox(ProcessRuntime runtime, Pid pid, int size) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (runtime.info(pid).mailbox() != size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mailbox of " + pid + " never held " + size + " messages");
            }
            Thread.onSpinWait();
        }
    }

    /** Everything in the queue now, without waiting. */
    static List<Object> drain(BlockingQueue<Object> queue) {
        List<Object> all = new ArrayList<>();
        queue.drainTo(all);
        return all;
    }

    /** A process monitoring {@code pid}, as a script's {@code Process.monitor}: what it receives. */
    static BlockingQueue<Object> watch(ProcessRuntime runtime, Pid pid) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        runtime.monitor(runtime.start(new Probe("watcher", received)), pid);
        return received;
    }

    /** The reason of the {@code DOWN} a {@link #watch}er received, as Elixir prints it. */
    static String down(BlockingQueue<Object> watched) {
        return Recorded.elixir(takeInfo(watched, Down.class).reason());
    }

    /** {@code step} on a virtual thread of its own: a call the test drives from outside while it blocks. */
    static <T> CompletableFuture<T> async(Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, task -> Thread.ofVirtual().start(task));
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /**
     * Records exits as the runtime reports them. {@link RuntimeListener#processExited} runs after the exit signal
     * went to the linked processes, so once {@link #await} returns, the supervisor already has the {@link Exit}
     * in its mailbox and a call to it is handled after that.
     */
    static final class Exits implements RuntimeListener {

        private final ConcurrentHashMap<Pid, CompletableFuture<ExitReason>> exits = new ConcurrentHashMap<>();

        @Override
        public void processExited(Pid pid, ExitReason reason) {
            exits.computeIfAbsent(pid, any -> new CompletableFuture<>()).complete(reason);
        }

        ExitReason await(Pid pid) {
            return join(exits.computeIfAbsent(pid, any -> new CompletableFuture<>()));
        }
    }
}
