package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the runtime: the supervision trees stop first, each supervisor ending its own children as it ends them
 * (one not trapping exits at once, without terminate); the processes outside any tree then take a stop as
 * {@code GenServer.stop} gives it, terminate and all, whether they trap exits or not.
 */
class RuntimeCloseTest {

    /** For a child whose terminate a test waits for: a supervisor's shutdown ends one not trapping at once. */
    private static final StartOptions TRAPPING = StartOptions.DEFAULTS.withTrapExits(true);

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CountDownLatch terminating = new CountDownLatch(1);
    private final CountDownLatch pastTheBound = new CountDownLatch(1);
    /** How many timers fired when time passed the runtime's bound: a wait bounded by it would have been one. */
    private final CompletableFuture<Integer> firedPastTheBound = new CompletableFuture<>();

    /**
     * Once a {@link #slowToTerminate} probe is in terminate, moves time 100 ms on, past the runtime's 50 ms bound
     * and within a child's own, then lets the terminate end.
     */
    private void passTheRuntimesBoundInTerminate() {
        Thread.ofVirtual().start(() -> {
            Fixtures.await(terminating);
            firedPastTheBound.complete(timers.advance(Duration.ofMillis(100)));
            pastTheBound.countDown();
        });
    }

    private static Probe.Terminated shutdown(String label) {
        return new Probe.Terminated(label, ExitReason.SHUTDOWN, 0L);
    }

    @Test
    void close_runsTerminateOfEveryUnsupervisedProcess() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("a", events));
        runtime.start(new Probe("b", events));
        runtime.start(new Probe("c", events));

        runtime.close();

        // Unsupervised processes declared no order among themselves, so they are stopped all at once.
        assertThat(drain(events)).containsExactlyInAnyOrder(shutdown("c"), shutdown("b"), shutdown("a"));
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_letsSupervisorsStopTheirOwnChildren() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("first", events));
        Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("x", () -> new Probe("x", events)).withOptions(TRAPPING))
                .withChild(ChildSpec.permanent("y", () -> new Probe("y", events)).withOptions(TRAPPING)),
                StartOptions.DEFAULTS);
        runtime.start(new Probe("last", events));

        runtime.close();

        List<Object> stopped = drain(events);
        assertThat(stopped).as("no child is restarted while the tree comes down")
                .containsExactlyInAnyOrder(shutdown("last"), shutdown("y"), shutdown("x"), shutdown("first"));
        assertThat(stopped.indexOf(shutdown("y"))).as("the supervisor stops its children newest first")
                .isLessThan(stopped.indexOf(shutdown("x")));
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_handlesQueuedMessagesBeforeStopping() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        Pid pid = runtime.start(new Probe("p", events));
        Probe.Block block = Probe.Block.newBlock();
        pid.cast(block);
        Fixtures.await(block.entered());
        pid.cast(2L);
        Thread.startVirtualThread(() -> { // once close's stop is queued behind 2L, so that it must handle 2L first
            Waiting.until("the stop is queued", () -> runtime.info(pid).mailbox() == 2);
            block.release().countDown();
        });

        runtime.close();

        assertThat(drain(events)).containsExactly(new Probe.Terminated("p", ExitReason.SHUTDOWN, 2L));
    }

    @Test
    void close_killsAProcessWhoseTerminateOutrunsTheShutdownTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        Fixtures.Exits exits = new Fixtures.Exits();
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits).withShutdownTimeout(Fixtures.KILLED_IN_TERMINATE));
        Pid stuck = runtime.start(new Probe("stuck", events) {
            @Override
            public void terminate(ExitReason reason, Long n) {
                terminating.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    events.add(new Probe.Interrupted("stuck"));
                }
            }
        });
        runtime.start(new Probe("fine", events));

        Fixtures.timeOutTheWait(timers, Fixtures.KILLED_IN_TERMINATE, terminating);
        runtime.close();

        assertThat(exits.await(stuck)).isEqualTo(ExitReason.KILLED);
        assertThat(events).contains(shutdown("fine"));
        assertThat(runtime.count()).isZero();
        // The kill does not wait for the interrupted terminate: it ends afterwards, as a zombie whose end is moot.
        Waiting.until("the killed terminate is interrupted", () -> events.contains(new Probe.Interrupted("stuck")));
    }

    /**
     * A probe whose terminate lasts until {@link #passTheRuntimesBoundInTerminate} has moved time past the
     * runtime's 50 ms bound in these tests: it records that it ran to its end, or that a kill interrupted it.
     */
    private Probe slowToTerminate(String label) {
        return new Probe(label, events) {
            @Override
            public void terminate(ExitReason reason, Long n) {
                terminating.countDown();
                try {
                    pastTheBound.await();
                    events.add(label + " terminate ran to its end");
                } catch (InterruptedException killed) {
                    events.add(new Probe.Interrupted(label));
                }
            }
        };
    }

    /**
     * OTP's application master waits for its top supervisor as long as it takes; the children each have their own
     * bound. The runtime's bound applied to the whole tree killed a child still in its own (longer) terminate,
     * with whatever it had queued.
     */
    @Test
    void close_waitsForATopLevelSupervisor_whoseChildrenTakeLongerThanTheRuntimesBound() {
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withShutdownTimeout(Duration.ofMillis(50)));
        Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("slow", () -> slowToTerminate("slow")).withOptions(TRAPPING)),
                StartOptions.DEFAULTS);
        passTheRuntimesBoundInTerminate();

        runtime.close();

        assertThat(Fixtures.join(firedPastTheBound)).as("no wait was bounded by the runtime's 50 ms").isZero();
        assertThat(events).containsExactly("slow terminate ran to its end");
        assertThat(runtime.count()).isZero();
    }

    /**
     * OTP stops the applications (their supervision trees) before init kills the processes left. A supervised
     * process that stops, in its terminate, processes it started outside any tree (the job queue's monitored
     * workers) gives them its own time; the runtime's shorter bound, applied to all top-level processes at once,
     * killed them first.
     */
    @Test
    void close_stopsTheSupervisionTreesFirst_thenTheProcessesOutsideAny() {
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withShutdownTimeout(Duration.ofMillis(50)));
        AtomicReference<Pid> worker = new AtomicReference<>();
        Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("queue", () -> new Probe("queue", events) {
                    @Override
                    public Init<Long> init() {
                        worker.set(Self.runtime().startMonitored(slowToTerminate("worker"), StartOptions.DEFAULTS)
                                .pid());
                        return Init.ok(0L);
                    }

                    @Override
                    public void terminate(ExitReason reason, Long n) {
                        Self.runtime().stop(worker.get(), ExitReason.SHUTDOWN, Duration.ofSeconds(5));
                        events.add(shutdown("queue"));
                    }
                }).withOptions(TRAPPING).withShutdown(Duration.ofSeconds(10))), StartOptions.DEFAULTS);
        passTheRuntimesBoundInTerminate();

        runtime.close();

        assertThat(Fixtures.join(firedPastTheBound)).as("no wait was bounded by the runtime's 50 ms").isZero();
        assertThat(events).containsExactly("worker terminate ran to its end", shutdown("queue"));
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_isIdempotent() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("a", events));

        runtime.close();
        runtime.close();

        assertThat(drain(events)).containsExactly(shutdown("a"));
    }

    /** Asks a {@link Link} to start the rest of its chain: {@code left} more processes below it. */
    private record Extend(int left) { }

    /** A link of a chain: traps exits, starts its child linked (its parent is this one), counts its terminate. */
    private record Link(AtomicInteger terminated) implements GenServer<Integer> {

        @Override
        public Init<Integer> init() {
            Self.trapExits(true);
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleCast(Object message, Integer state) {
            int left = ((Extend) message).left();
            Pid child = Self.startLink(new Link(terminated), StartOptions.DEFAULTS);
            if (left > 1) {
                child.cast(new Extend(left - 1));
            }
            return Result.noreply(state);
        }

        @Override
        public void terminate(ExitReason reason, Integer state) {
            terminated.incrementAndGet();
        }
    }

    /**
     * A chain of processes, each the parent of the next, stops from the top: each exit stops the next, and
     * close() waits for each in turn before it kills what is left. Its scan for processes without a living parent
     * read newest first, so a parent dying during the scan hid its child, and a round that came back empty let the
     * final kill take the rest of the chain in the middle of stopping.
     */
    @Test
    void close_stopsAChainOfLinkedProcesses_runningEveryTerminate() {
        int length = 10_000;
        AtomicInteger terminated = new AtomicInteger();
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Link(terminated)).cast(new Extend(length - 1));
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (runtime.count() < length && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runtime.count()).isEqualTo(length);

        runtime.close();

        assertThat(terminated.get()).isEqualTo(length);
        assertThat(runtime.count()).isZero();
    }

    /**
     * While close() waits for a dynamic supervisor's turn, a client asks it to start a child and a child of it
     * crashes. A closed runtime starts nothing: the supervisor crashed on that refusal, with a logged trace, in
     * both places. Now the client hears the refusal, and the restart gives up with shutdown, the reason close()
     * would have stopped the supervisor with.
     */
    @Test
    void close_aSupervisorAskedToStartOrRestartMeanwhile_answersTheRefusal_andStopsWithShutdown() throws Exception {
        Fixtures.Exits exits = new Fixtures.Exits();
        ProcessRuntime runtime = Fixtures.runtime(timers, exits);
        DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                StartOptions.DEFAULTS);
        Pid crasher = supervisor.startChild(ChildSpec.permanent("crasher", () -> new Probe("crasher", events)));
        CountDownLatch initEntered = new CountDownLatch(1);
        CountDownLatch initReleased = new CountDownLatch(1);
        CompletableFuture<Pid> slow = startAsync(supervisor, ChildSpec.temporary("slow",
                () -> initWaitingFor(initEntered, initReleased)));
        Fixtures.await(initEntered); // the supervisor is busy starting it

        CompletableFuture<Pid> late = startAsync(supervisor, ChildSpec.temporary("late", () -> new Probe("late", events)));
        Fixtures.awaitMailbox(runtime, supervisor.pid(), 1);
        assertThatThrownBy(() -> crasher.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);
        Fixtures.awaitMailbox(runtime, supervisor.pid(), 2); // its exit, behind the start
        Thread closer = Thread.ofPlatform().start(runtime::close);
        Fixtures.awaitMailbox(runtime, supervisor.pid(), 3); // close()'s stop, behind both
        initReleased.countDown();

        assertThat(Fixtures.join(slow)).isNotNull();
        assertThatThrownBy(() -> Fixtures.join(late)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(exits.await(supervisor.pid())).isEqualTo(ExitReason.SHUTDOWN);
        closer.join(Fixtures.PATIENCE.toMillis());
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThat(runtime.count()).isZero();
    }

    /**
     * close() begins while a one_for_all supervisor restarts: it stops the crashed child's sibling, whose terminate
     * takes a while, and only then starts them again. The supervisor looked for a closed runtime before stopping,
     * and crashed on the refusal when the start came after close() had begun.
     */
    @Test
    void close_duringARestartsStopOfTheSiblings_stopsTheSupervisorWithShutdown() throws Exception {
        Fixtures.Exits exits = new Fixtures.Exits();
        ProcessRuntime runtime = Fixtures.runtime(timers, exits);
        CountDownLatch inTerminate = new CountDownLatch(1);
        CountDownLatch terminateReleased = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ALL)
                .withChild(ChildSpec.permanent("crasher", () -> new Probe("crasher", events)))
                .withChild(ChildSpec.permanent("slow", () -> terminateWaitingFor(inTerminate, terminateReleased))
                        .withOptions(TRAPPING)),
                StartOptions.DEFAULTS);

        assertThatThrownBy(() -> supervisor.child("crasher").orElseThrow().call(new Probe.Boom("crash")))
                .isInstanceOf(ProcessExitException.class);
        Fixtures.await(inTerminate); // the restart is stopping the sibling
        Thread closer = Thread.ofPlatform().start(runtime::close);
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (!runtime.isClosed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        terminateReleased.countDown();

        assertThat(exits.await(supervisor.pid())).isEqualTo(ExitReason.SHUTDOWN);
        closer.join(Fixtures.PATIENCE.toMillis());
        assertThat(closer.isAlive()).as("close() returned").isFalse();
    }

    /**
     * close() promises every process gone when it returns, its exit told to monitors, links and the listener. An
     * exit still being announced on another thread has already left the process table, so close()'s last pass
     * over the table did not see it: close() returned in the middle of it (and {@code count()} read 1 a moment).
     */
    @Test
    void close_waitsForAnExitBeingAnnouncedOnAnotherThread() throws Exception {
        CountDownLatch announcing = new CountDownLatch(1);
        CountDownLatch announced = new CountDownLatch(1);
        AtomicReference<Pid> slow = new AtomicReference<>();
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(new RuntimeListener() {
                    @Override
                    public void processExited(Pid pid, ExitReason reason) {
                        if (pid.equals(slow.get())) {
                            announcing.countDown();
                            Fixtures.await(announced);
                        }
                    }
                }));
        slow.set(runtime.start(new Probe("slow", events)));
        Thread killer = Thread.ofPlatform().start(() -> runtime.kill(slow.get()));
        Fixtures.await(announcing);

        Thread closer = Thread.ofPlatform().start(runtime::close);
        awaitParkedOrDone(closer);
        assertThat(closer.getState()).as("close() while an exit is announced").isEqualTo(Thread.State.WAITING);
        announced.countDown();

        closer.join(Fixtures.PATIENCE.toMillis());
        killer.join(Fixtures.PATIENCE.toMillis());
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThat(runtime.count()).isZero();
    }

    /**
     * A start that found the runtime open and is still on its way into the table when close() makes its last pass
     * is waited for, and refused as a start after close() is: such a start left a process alive, and its name
     * registered, after close() had returned. The key's {@code hashCode} holds the start where the registry takes
     * its name, until close() waits.
     */
    @Test
    void close_waitsForAStartInFlight_whichIsRefused_andLeavesNoProcess() throws Exception {
        CountDownLatch registering = new CountDownLatch(1);
        CountDownLatch closeWaits = new CountDownLatch(1);
        Object key = keyWhoseFirstHashCode(() -> {
            registering.countDown();
            Fixtures.await(closeWaits);
        });
        ProcessRuntime runtime = Fixtures.runtime(timers);
        Registry names = Registry.create("late");
        CompletableFuture<Pid> start = startNamedAsync(runtime, names, key);
        Fixtures.await(registering);

        Thread closer = Thread.ofPlatform().start(runtime::close);
        awaitParkedOrDone(closer);
        assertThat(closer.getState()).as("close() while a start is on its way in").isEqualTo(Thread.State.WAITING);
        closeWaits.countDown();

        assertThatThrownBy(() -> Fixtures.join(start)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        closer.join(Fixtures.PATIENCE.toMillis());
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThat(runtime.count()).isZero();
        assertThat(names.whereis(key)).isEmpty();
    }

    /**
     * close() called by code the runtime runs in the middle of a change of its own table (here a registry key's
     * {@code hashCode}, during a start) does not wait for that change, which could never end: it returns, and the
     * start is refused.
     */
    @Test
    void close_calledFromInsideAStart_doesNotWaitForThatStart() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        Object key = keyWhoseFirstHashCode(runtime::close);
        CompletableFuture<Pid> start = startNamedAsync(runtime, Registry.create("closing"), key);

        assertThatThrownBy(() -> Fixtures.join(start)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(runtime.isClosed()).isTrue();
        assertThat(runtime.count()).isZero();
    }

    /**
     * close() called from a listener whose calls share a lock, while another process's exit waits on that lock to
     * tell the listener: close() must not wait for that exit, which waits for close()'s thread. It waited (a change
     * of the table in flight on another thread), and neither ever returned.
     */
    @Test
    void close_fromALockedListener_doesNotWaitForAnExitBlockedOnThatLock() throws Exception {
        AtomicReference<Pid> first = new AtomicReference<>();
        AtomicReference<Thread> otherKiller = new AtomicReference<>();
        AtomicReference<ProcessRuntime> closing = new AtomicReference<>();
        CountDownLatch inListener = new CountDownLatch(1);
        RuntimeListener locked = new RuntimeListener() {
            @Override
            public synchronized void processExited(Pid pid, ExitReason reason) {
                if (pid.equals(first.get())) {
                    inListener.countDown();
                    long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
                    while ((otherKiller.get() == null || otherKiller.get().getState() != Thread.State.BLOCKED)
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // until the other exit waits for this listener's lock
                    }
                    closing.get().close(); // "when this one exits, shut everything down"
                }
            }
        };
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(locked));
        closing.set(runtime);
        first.set(runtime.start(new Probe("first", events)));
        Pid other = runtime.start(new Probe("other", events));
        Thread firstKiller = Thread.ofPlatform().start(() -> runtime.kill(first.get()));
        Fixtures.await(inListener);
        otherKiller.set(Thread.ofPlatform().start(() -> runtime.kill(other)));

        firstKiller.join(Fixtures.PATIENCE.toMillis());
        otherKiller.get().join(Fixtures.PATIENCE.toMillis());
        assertThat(firstKiller.isAlive()).as("close() from the listener returned").isFalse();
        assertThat(otherKiller.get().isAlive()).as("the other exit was told").isFalse();
        assertThat(runtime.isClosed()).isTrue();
        assertThat(runtime.count()).isZero();
    }

    /**
     * A registry key whose first {@code hashCode}, asked where the registry takes a starting process's name, runs
     * {@code first}: a hook into a start between its check for a closed runtime and its process's entry in the table.
     */
    private static Object keyWhoseFirstHashCode(Runnable first) {
        AtomicInteger asked = new AtomicInteger();
        return new Object() {
            @Override
            public int hashCode() {
                if (asked.getAndIncrement() == 0) {
                    first.run();
                }
                return 42;
            }
        };
    }

    /** A start of a probe named {@code key} in {@code names}, on a thread of its own. */
    private CompletableFuture<Pid> startNamedAsync(ProcessRuntime runtime, Registry names, Object key) {
        return CompletableFuture.supplyAsync(() -> runtime.start(new Probe("late", events),
                StartOptions.named(Name.via(names, key))), task -> Thread.ofPlatform().start(task));
    }

    /** Until {@code thread} parks (WAITING or TIMED_WAITING) or ends. */
    private static void awaitParkedOrDone(Thread thread) {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while ((thread.getState() == Thread.State.RUNNABLE || thread.getState() == Thread.State.NEW
                || thread.getState() == Thread.State.BLOCKED) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** A server whose terminate signals {@code entered}, then waits for {@code released}. */
    private static GenServer<Long> terminateWaitingFor(CountDownLatch entered, CountDownLatch released) {
        return new GenServer<>() {
            @Override
            public Init<Long> init() {
                return Init.ok(0L);
            }

            @Override
            public void terminate(ExitReason reason, Long state) {
                entered.countDown();
                Fixtures.await(released);
            }
        };
    }

    private static CompletableFuture<Pid> startAsync(DynamicSupervisor supervisor, ChildSpec spec) {
        return CompletableFuture.supplyAsync(() -> supervisor.startChild(spec), task -> Thread.ofPlatform().start(task));
    }

    /** A server whose init signals {@code entered}, then waits for {@code released}. */
    private static GenServer<Long> initWaitingFor(CountDownLatch entered, CountDownLatch released) {
        return new GenServer<>() {
            @Override
            public Init<Long> init() {
                entered.countDown();
                Fixtures.await(released);
                return Init.ok(0L);
            }
        };
    }
}
