package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kill, and a supervisor's shutdown that ends in one, is complete when it returns: the process is marked dead,
 * its name is free, its callers have their exit, its monitors and links are told. OTP's supervisor waits for the
 * {@code 'DOWN'} after {@code exit(Pid, kill)} before anything else. A handler still running on a caller's thread
 * cannot be stopped; it is left as a zombie that no longer matters.
 */
class KillCompletenessTest {

    private static final Duration FOREVER = Duration.ofMinutes(1);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Calls {@code block} on {@code pid} from a thread of its own: on an idle process it runs on that thread. */
    private static <R> CompletableFuture<R> callOnAnotherThread(Pid pid, Call<R> request) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(pid.call(request, FOREVER));
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    @Test
    void oneForAllRestart_aroundANamedChildBusyOnItsCallersThread_waitsForItToBeGone_andRestartsOnce() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ALL)
                    .withChild(ChildSpec.permanent("busy", () -> new Probe("busy", events))
                            // trapping: it takes its shutdown in turn, so the supervisor waits, then kills
                            .withOptions(StartOptions.named(Name.local("busy")).withTrapExits(true))
                            .withShutdown(Duration.ofMillis(100)))
                    .withChild(ChildSpec.permanent("sibling", () -> new Probe("sibling", events))),
                    StartOptions.DEFAULTS);
            Pid busy = runtime.whereis("busy").orElseThrow();
            busy.call(new Probe.Add(5));
            Probe.Block block = Probe.Block.newBlock();
            CompletableFuture<String> busyCall = callOnAnotherThread(busy, block);
            await(block.entered());

            Pid sibling = root.child("sibling").orElseThrow();
            Fixtures.timeOutTheWait(timers, Duration.ofMillis(100)); // the supervisor's wait for busy to stop
            assertThatThrownBy(() -> sibling.call(new Probe.Boom("sibling crash")))
                    .isInstanceOf(ProcessExitException.class);

            // The supervisor waited 100 ms for the busy child, killed it, and restarted both under the free name.
            assertThat(exits.await(busy)).isEqualTo(ExitReason.KILLED);
            Pid restarted = Waiting.untilPresent("busy restarted", () -> runtime.whereis("busy")
                    .filter(pid -> pid != busy));
            assertThat(restarted.call(new Probe.Get())).as("a fresh state").isZero();
            assertThat(root.pid().isAlive()).isTrue();
            assertThat(root.stats().restartsInWindow()).as("one restart event").isEqualTo(1);

            block.release().countDown();
            assertThatThrownBy(() -> join(busyCall)).as("the killed process's result never reaches its caller")
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
            assertThat(restarted.call(new Probe.Get())).as("the zombie wrote nothing back").isZero();
        }
    }

    @Test
    void dynamicTerminateChild_returnsOnlyOnceTheChildIsGone_andItsCallerGetsTheExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    DynamicSupervisorSpec.withMaxChildren(10), StartOptions.DEFAULTS);
            Pid child = supervisor.startChild(ChildSpec.temporary("child", () -> new Probe("child", events))
                    .withOptions(StartOptions.named(Name.local("child")).withTrapExits(true)) // waited for, then killed
                    .withShutdown(Duration.ofMillis(100)));
            Probe.Block block = Probe.Block.newBlock();
            CompletableFuture<String> call = callOnAnotherThread(child, block);
            await(block.entered());

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(100)); // the supervisor's wait for it to stop
            assertThat(supervisor.terminateChild(child)).isTrue();

            assertThat(child.isAlive()).isFalse();
            assertThat(runtime.whereis("child")).as("the name is free").isEmpty();
            assertThat(supervisor.countChildren().active()).isZero();
            // The caller's own thread runs the zombie handler: it hears of the kill once that handler returns.
            block.release().countDown();
            assertThatThrownBy(() -> join(call)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        }
    }

    /**
     * A killed Erlang process runs no more code, so nothing it sends follows its {@code 'DOWN'} (signals from one
     * sender arrive in order). A handler the kill cannot stop, here on its caller's thread, is a zombie: its
     * sends, casts and timers are refused as its calls are.
     */
    @Test
    void aZombiesSendsCastsAndTimers_areRefused_soNothingItSendsFollowsItsDown() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", events));

            List<Object> refused = refusedToAZombie(runtime, zombie -> runtime.monitor(watcher, zombie), List.of(
                    () -> watcher.send("sent"), () -> watcher.cast(1L),
                    () -> runtime.sendAfter(watcher, "timer", Duration.ZERO)));

            assertThat(refused).containsExactly(ExitReason.KILLED, ExitReason.KILLED, ExitReason.KILLED);
            assertThat(Fixtures.takeInfo(events, Down.class).reason()).isEqualTo(ExitReason.KILLED);
            assertThat(timers.pending()).as("no timer of the zombie's").isZero();
            watcher.send("after the zombie's handler returned");
            assertThat(Fixtures.take(events)).as("the next thing the watcher hears after the DOWN")
                    .isEqualTo(new Probe.Info("watcher", "after the zombie's handler returned"));
            assertThat(watcher.call(new Probe.Get())).as("no cast of the zombie's added to it").isZero();
        }
    }

    /**
     * A zero timer its process started before the kill is not a zombie's send: as any timer it is bound to its
     * destination, and erts fires it from its wheel once the killed process is off the scheduler. Here a process
     * holds its zero timers until it yields, which a zombie does when its handler returns: then the timer starts.
     */
    @Test
    void aZeroTimerStartedBeforeTheKill_stillComes_onceTheZombiesHandlerReturns() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch killed = new CountDownLatch(1);
            Pid zombie = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                runtime.sendAfter(watcher, "timer", Duration.ZERO);
                entered.countDown();
                await(killed);
                return ((Probe.Get) request).reply(n, n);
            }));
            CompletableFuture<Long> call = callOnAnotherThread(zombie, new Probe.Get());
            await(entered);
            runtime.kill(zombie);
            assertThat(timers.pending()).as("held while the zombie's handler runs").isZero();

            killed.countDown();
            assertThatThrownBy(() -> join(call)).isInstanceOf(ProcessExitException.class);
            Waiting.until("the zero timer started", () -> timers.pending() == 1);
            timers.advance(Duration.ZERO);
            assertThat(Fixtures.take(events)).isEqualTo(new Probe.Info("watcher", "timer"));
        }
    }

    /**
     * Runs {@code attempts} in a handler that a kill cannot stop (on its caller's thread), once its process, started
     * and handed to {@code beforeTheKill}, has been killed; returns the reasons they were refused with.
     */
    private static List<Object> refusedToAZombie(ProcessRuntime runtime, Consumer<Pid> beforeTheKill,
            List<Runnable> attempts) {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        List<Object> refused = new CopyOnWriteArrayList<>();
        Pid zombie = runtime.start(Fixtures.answering(0, (request, from, n) -> {
            entered.countDown();
            await(killed);
            for (Runnable attempt : attempts) {
                try {
                    attempt.run();
                } catch (ProcessExitException e) {
                    refused.add(e.reason());
                }
            }
            return ((Probe.Get) request).reply(n, n);
        }));
        beforeTheKill.accept(zombie);
        CompletableFuture<Long> call = callOnAnotherThread(zombie, new Probe.Get());
        await(entered);
        runtime.kill(zombie);
        killed.countDown();
        assertThatThrownBy(() -> join(call)).isInstanceOf(ProcessExitException.class);
        return refused;
    }

    /**
     * No zombie: a process that ended by its own hand runs nothing more, and what its thread runs afterwards (its
     * exit's announcement, the stages of the callers it fails) is theirs, not refused as a zombie's would be. That
     * holds for a stop, and for a process killing itself ({@code exit(self(), kill)}): its handler is then a
     * zombie, but the announcement made on its thread is not its code.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theStageOfACallerFailedOnTheThreadOfAProcessThatEndedItself_mayStillSend(boolean killsItself) {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            CountDownLatch staged = new CountDownLatch(1);
            Pid ending = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                await(staged); // handled on the drainer, once the caller's stage below is in place
                if (killsItself) {
                    Self.exit(Self.pid(), ExitReason.KILL);
                }
                return Result.stop(ExitReason.NORMAL, n);
            }));
            CompletableFuture<Long> call = ending.callAsync(new Probe.Get(), FOREVER);
            CompletableFuture<Void> told = call.handle((reply, failure) -> {
                watcher.send("the call ended: " + failure.getClass().getSimpleName());
                return null;
            });
            staged.countDown();

            join(told);
            assertThat(Fixtures.take(events))
                    .isEqualTo(new Probe.Info("watcher", "the call ended: ProcessExitException"));
        }
    }

    /**
     * A call kept aside while its process was suspended is failed by that process's own drainer once its killed
     * handler returns (the killer fails only the mailbox's); its caller's stage, run there, is not the process's.
     */
    @Test
    void theStageOfACallKeptAsideByASuspension_mayStillSend_whenTheProcessIsKilled() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid pid = runtime.start(new Probe("p", events));
            runtime.suspend(pid, FOREVER);
            Probe.Block block = Probe.Block.newBlock();
            pid.callAsync(block, FOREVER);
            CompletableFuture<Long> keptAside = pid.callAsync(new Probe.Get(), FOREVER);
            CompletableFuture<Void> told = keptAside.handle((reply, failure) -> {
                watcher.send("the call ended: " + failure.getClass().getSimpleName());
                return null;
            });
            runtime.getState(pid, FOREVER); // to reach it the drainer keeps both calls aside
            runtime.resume(pid, FOREVER); // catching up: the block runs, the other call still kept aside
            await(block.entered());

            runtime.kill(pid); // interrupts the block on its drainer, which then reaps

            join(told);
            assertThat(Fixtures.takeInfo(events, String.class)).isEqualTo("the call ended: ProcessExitException");
        }
    }

    /**
     * A kill is complete when it returns, for the calls a suspension kept aside too: a handler catching up after
     * the resume that the kill cannot stop (here one spinning on its drainer) never returns to fail them.
     */
    @Test
    void kill_ofAProcessCatchingUpAfterAResume_failsTheCallsKeptAside_whenItReturns() {
        AtomicBoolean release = new AtomicBoolean();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            CountDownLatch entered = new CountDownLatch(1);
            Pid pid = runtime.start(Fixtures.answering(0, (request, from, n) -> switch (request) {
                case Probe.Add add -> {
                    entered.countDown();
                    while (!release.get()) {
                        Thread.onSpinWait(); // deaf to the kill's interrupt
                    }
                    yield add.reply(n, n);
                }
                case Probe.Get get -> get.reply(n, n);
                default -> throw new IllegalArgumentException(String.valueOf(request));
            }));
            runtime.suspend(pid, FOREVER);
            pid.callAsync(new Probe.Add(1), FOREVER);
            CompletableFuture<Long> keptAside = pid.callAsync(new Probe.Get(), FOREVER);
            runtime.getState(pid, FOREVER); // to reach it the drainer keeps both calls aside
            runtime.resume(pid, FOREVER); // catching up: the spinning call runs, the other still kept aside
            await(entered);

            runtime.kill(pid);

            assertThat(keptAside).as("failed when kill returned").isCompletedExceptionally();
            assertThatThrownBy(() -> join(keptAside)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        } finally {
            release.set(true);
        }
    }

    /**
     * An exit announced while the thread waits for it inside another announcement (a listener that calls a process
     * inline, whose handler kills a process linked to it) is announced as no process too: the listener's sends are
     * not refused as those of the process it called, which that exit has killed.
     */
    @Test
    void anExitAnnouncedInsideAnotherAnnouncement_runsItsListenerAsNoProcess() {
        AtomicReference<Pid> first = new AtomicReference<>();
        AtomicReference<Pid> caller = new AtomicReference<>();
        AtomicReference<Pid> second = new AtomicReference<>();
        AtomicReference<Pid> watcher = new AtomicReference<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                if (pid == first.get()) {
                    caller.get().call(new Probe.Get()); // runs inline, on this thread
                } else if (pid == second.get()) {
                    watcher.get().send("second exited");
                }
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(listener))) {
            watcher.set(runtime.start(new Probe("watcher", events)));
            second.set(runtime.start(new Probe("second", events)));
            caller.set(runtime.start(Fixtures.answering(0, (request, from, n) -> {
                Self.link(second.get());
                Self.runtime().kill(second.get()); // waits for that exit, announcing it here; it kills this one
                return ((Probe.Get) request).reply(n, n);
            })));
            first.set(runtime.start(new Probe("first", events)));

            runtime.kill(first.get());

            assertThat(Fixtures.takeInfo(events, String.class)).isEqualTo("second exited");
            assertThat(caller.get().isAlive()).as("killed through its link").isFalse();
        }
    }

    /**
     * Only a dead process's thread runs a caller's stage as no process. A stage run on the drainer of the living
     * process that answered still runs on that process's thread: stopping that process from there is calling
     * itself, refused at once, not a wait that only the stage's own thread could end.
     */
    @Test
    void aCallersStage_onTheDrainerOfTheLivingProcessThatAnswered_stoppingIt_isCallingItself() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            CountDownLatch staged = new CountDownLatch(1);
            Pid server = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                await(staged); // handled on the drainer, once the caller's stage below is in place
                return ((Probe.Get) request).reply(n, n);
            }));
            CompletableFuture<Object> stopped = server.callAsync(new Probe.Get(), FOREVER).handle((reply, failure) -> {
                try {
                    runtime.stop(server, ExitReason.NORMAL, Fixtures.PATIENCE);
                    return "stopped";
                } catch (RuntimeException refused) {
                    return refused;
                }
            });
            staged.countDown();

            assertThat(join(stopped)).isInstanceOf(CallingSelfException.class);
            assertThat(server.isAlive()).isTrue();
        }
    }

    /**
     * Under an executor that runs a drain on the sender's thread, the drain gives the thread back to the process
     * that sent: that process is still itself after the send, and still refused as a zombie once killed.
     */
    @Test
    void aDrainRunOnTheSendersThread_givesItBackToTheSendingProcess() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withExecutor(Runnable::run))) {
            Pid receiver = runtime.start(new Probe("receiver", events));
            Pid sender = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                Pid self = Self.pid();
                receiver.send("hello"); // drains the receiver here, on this thread
                return ((Probe.Get) request).reply(Self.pid() == self ? 1L : 0L, n);
            }));

            assertThat(sender.call(new Probe.Get())).as("the sender is still itself after its send").isEqualTo(1L);
            assertThat(Fixtures.takeInfo(events, String.class)).isEqualTo("hello");
        }
    }

    /** A reply through a {@code From} is a send: a zombie's is refused, and the caller waits for another answer. */
    @Test
    void aZombiesReplyThroughAFromItHolds_isRefused() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            AtomicReference<From> deferred = new AtomicReference<>();
            CountDownLatch handedOver = new CountDownLatch(1);
            Pid server = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                deferred.set(from);
                handedOver.countDown();
                return Result.noreply(n);
            }));
            CompletableFuture<Long> client = server.callAsync(new Probe.Get(), FOREVER);
            await(handedOver);

            List<Object> refused = refusedToAZombie(runtime, zombie -> { }, List.of(() -> deferred.get().reply(13L)));

            assertThat(refused).containsExactly(ExitReason.KILLED);
            assertThat(client).as("no answer from the zombie").isNotDone();
            deferred.get().reply(42L);
            assertThat(join(client)).isEqualTo(42L);
        }
    }

    @Test
    void kill_ofAProcessBusyOnItsCallersThread_isCompleteAtOnce_andItsLateResultIsDiscarded() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid pid = runtime.start(new Probe("p", events), StartOptions.named(Name.local("p")));
            runtime.monitor(watcher, pid);
            Probe.Block block = Probe.Block.newBlock();
            CompletableFuture<String> call = callOnAnotherThread(pid, block);
            await(block.entered());

            runtime.kill(pid);

            assertThat(pid.isAlive()).isFalse();
            assertThat(runtime.whereis("p")).isEmpty();
            assertThat(Fixtures.takeInfo(events, Down.class).reason()).isEqualTo(ExitReason.KILLED);
            Pid successor = runtime.start(new Probe("p2", events), StartOptions.named(Name.local("p")));
            block.release().countDown();
            assertThatThrownBy(() -> join(call)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
            assertThat(runtime.whereis("p")).contains(successor);
        }
    }

    @Test
    void aZombieHandler_cannotCallAnyone() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid other = runtime.start(new Probe("other", events));
            CompletableFuture<Throwable> zombieCall = new CompletableFuture<>();
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = runtime.start(blockedThen(() -> {
                try {
                    other.call(new Probe.Add(1));
                    zombieCall.complete(null);
                } catch (RuntimeException failure) {
                    zombieCall.complete(failure);
                }
            }));
            CompletableFuture<String> call = callOnAnotherThread(pid, block);
            await(block.entered());

            runtime.kill(pid);
            block.release().countDown();

            assertThat(join(zombieCall)).isInstanceOf(ProcessExitException.class);
            assertThat(other.call(new Probe.Get())).as("the zombie's call never reached its target").isZero();
            assertThatThrownBy(() -> join(call)).isInstanceOf(ProcessExitException.class);
        }
    }

    /** Nor can it act on the runtime in any other way: no start, stop, kill, exit signal or sys request. */
    @Test
    void aZombieHandler_cannotStartStopKillSignalOrSuspendAnyone() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid other = runtime.start(new Probe("other", events));
            List<Runnable> attempts = List.of(
                    () -> runtime.start(new Probe("new", events)),
                    () -> runtime.stop(other, ExitReason.NORMAL, Duration.ofSeconds(5)),
                    () -> runtime.shutdown(other, Duration.ofSeconds(5)),
                    () -> runtime.kill(other),
                    () -> Self.exit(other, ExitReason.shutdown("zombie")),
                    () -> runtime.suspend(other, Duration.ofSeconds(5)));
            CompletableFuture<List<Object>> outcomes = new CompletableFuture<>();
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = runtime.start(blockedThen(() -> {
                List<Object> seen = new ArrayList<>();
                for (Runnable attempt : attempts) {
                    try {
                        attempt.run();
                        seen.add("done");
                    } catch (RuntimeException failure) {
                        seen.add(failure.getClass());
                    }
                }
                outcomes.complete(seen);
            }));
            int before = runtime.count();
            CompletableFuture<String> call = callOnAnotherThread(pid, block);
            await(block.entered());

            runtime.kill(pid);
            block.release().countDown();

            assertThat(join(outcomes)).hasSize(attempts.size()).containsOnly(ProcessExitException.class);
            assertThat(other.isAlive()).isTrue();
            assertThat(runtime.info(other).status()).as("not suspended").isNotEqualTo("suspended");
            assertThat(runtime.count()).as("nothing started, only the zombie's process gone").isEqualTo(before - 1);
            assertThatThrownBy(() -> join(call)).isInstanceOf(ProcessExitException.class);
        }
    }

    /** A probe whose {@link Probe.Block} handler, once released, goes on to do {@code then}: a zombie, if killed. */
    private Probe blockedThen(Runnable then) {
        return new Probe("p", events) {
            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                if (request instanceof Probe.Block) {
                    super.handleCall(request, from, n);
                    then.run();
                    return Result.noreply(n);
                }
                return super.handleCall(request, from, n);
            }
        };
    }
}
