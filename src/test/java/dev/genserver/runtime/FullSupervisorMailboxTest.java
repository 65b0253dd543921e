package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Supervisor signals get through full mailboxes in both directions: a child's exit notice reaches a supervisor
 * whose mailbox is full (so a permanent child is restarted and a temporary one frees its max_children slot), and
 * a supervisor's shutdown reaches a child whose mailbox is full (so {@code terminate} runs after its queue).
 */
class FullSupervisorMailboxTest {

    private static final int CAPACITY = 2;

    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(new ManualTimers(), exits);
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** Threads for the callers that wait (the common pool may have a single thread on a small machine). */
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        runtime.close();
        callers.close();
    }

    @Test
    void exitOfAPermanentChild_getsIntoAFullSupervisorMailbox_andTheChildIsRestarted() {
        Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                        .withChild(ChildSpec.permanent("worker", () -> new Recorder(events))),
                StartOptions.DEFAULTS.withMailboxCapacity(CAPACITY));
        Pid worker = supervisor.child("worker").orElseThrow();
        CountDownLatch release = holdWhileStartingAChild(
                init -> supervisor.startChild(ChildSpec.permanent("slow", init)));
        fill(supervisor.pid(), supervisor::children);

        runtime.kill(worker);
        release.countDown();

        assertThat(exits.await(worker)).isEqualTo(ExitReason.KILLED);
        Waiting.until("the worker is restarted", () -> whenServed(() -> supervisor.child("worker"))
                .flatMap(child -> child).filter(pid -> pid != worker).isPresent());
        assertThat(supervisor.children()).filteredOn(child -> child.id().equals("worker"))
                .singleElement().satisfies(child -> assertThat(child.restarts()).isOne());
    }

    /** Were the notice dropped, the supervisor would count the child forever and refuse new ones. */
    @Test
    void exitOfATemporaryChild_getsIntoAFullDynamicSupervisorMailbox_andFreesItsSlot() {
        DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2),
                StartOptions.DEFAULTS.withMailboxCapacity(CAPACITY));
        Pid first = supervisor.startChild(ChildSpec.temporary("first", () -> new Recorder(events)));
        CountDownLatch release = holdWhileStartingAChild(
                init -> supervisor.startChild(ChildSpec.temporary("slow", init)));
        fill(supervisor.pid(), supervisor::countChildren);

        runtime.kill(first);
        release.countDown();

        Waiting.until("the exited child is no longer counted",
                () -> whenServed(() -> supervisor.countChildren().active()).orElse(-1) == 1);
        supervisor.startChild(ChildSpec.temporary("third", () -> new Recorder(events)));
        assertThat(supervisor.countChildren().active()).isEqualTo(2);
    }

    /** A child that traps exits takes its shutdown in turn, however full its mailbox: the signal is no message. */
    @Test
    void supervisorShutdown_getsIntoAChildsFullMailbox_andTerminateRunsAfterItsQueue() {
        Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                        .withChild(ChildSpec.permanent("worker", () -> new Recorder(events))
                                .withOptions(StartOptions.DEFAULTS.withMailboxCapacity(CAPACITY).withTrapExits(true))),
                StartOptions.DEFAULTS);
        Pid worker = supervisor.child("worker").orElseThrow();
        Recorder.Hold hold = Recorder.Hold.newHold();
        worker.cast(hold);
        await(hold.entered());
        worker.cast("queued-1");
        worker.cast("queued-2");
        assertThatThrownBy(() -> worker.cast("one too many")).isInstanceOf(MailboxFullException.class);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                () -> runtime.stop(supervisor.pid(), ExitReason.SHUTDOWN, Fixtures.PATIENCE), callers);
        Waiting.until("the child's shutdown is queued", () -> runtime.info(worker).mailbox() > CAPACITY);
        hold.release().countDown();
        join(stopped);

        assertThat(Fixtures.drain(events)).containsExactly(new Recorder.Seen("cast", hold),
                new Recorder.Seen("cast", "queued-1"), new Recorder.Seen("cast", "queued-2"),
                new Recorder.Terminated(ExitReason.SHUTDOWN));
    }

    /**
     * Starts a child whose {@code init} waits for the returned latch, on another thread: the supervisor runs
     * that {@code init} itself, so it is held inside a handler until the latch opens.
     */
    private CountDownLatch holdWhileStartingAChild(Consumer<Supplier<GenServer<?>>> start) {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> start.accept(() -> new WaitingInit(entered, release)), callers);
        await(entered);
        return release;
    }

    /** Queues calls from other threads until the supervisor's mailbox is full, then checks one more is refused. */
    private void fill(Pid supervisor, Supplier<?> call) {
        for (int i = 0; i < CAPACITY; i++) {
            CompletableFuture.supplyAsync(call, callers);
            int queued = i + 1;
            Waiting.until(queued + " calls are queued", () -> runtime.info(supervisor).mailbox() == queued);
        }
        assertThatThrownBy(call::get).isInstanceOf(MailboxFullException.class);
    }

    /** The answer, or empty while the mailbox is still too full to take the call. */
    private static <T> Optional<T> whenServed(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (MailboxFullException stillDraining) {
            return Optional.empty();
        }
    }

    /** A child whose {@code init} blocks until released. */
    private record WaitingInit(CountDownLatch entered, CountDownLatch release) implements GenServer<List<?>> {
        @Override
        public Init<List<?>> init() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Init.ok(List.of());
        }
    }
}
