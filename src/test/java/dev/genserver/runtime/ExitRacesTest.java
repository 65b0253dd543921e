package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.UnlinkAndDemonitorRaceTest.race;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.LinksAndExitSignalsTest.Actor;
import dev.genserver.runtime.LinksAndExitSignalsTest.Run;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Operations raced with an exit by another hand, each checked against what OTP promises of it (the rounds sweep the
 * exit across the operation, as in {@link UnlinkAndDemonitorRaceTest}).
 */
class ExitRacesTest {

    private static final int ROUNDS = 2_000;

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Sent by a process to itself after the operation returned. */
    record Marker(int round) { }

    /** {@code link/1} returns with the link in place, whose exit then signals, or {@code noproc}: never neither. */
    @Test
    void link_racingTheOthersExit_alwaysEndsInOneExitSignal() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid self = runtime.start(new Actor("self", events), StartOptions.DEFAULTS.withTrapExits(true));
            for (int round = 0; round < ROUNDS; round++) {
                Pid other = runtime.start(new Probe());
                int marker = round;
                race(round, () -> runtime.kill(other), () -> inside(self, () -> {
                    Self.link(other);
                    return null;
                }));
                exits.await(other);
                inside(self, () -> {
                    Self.pid().send(new Marker(marker));
                    return null;
                });
                List<Object> received = untilMarker(round);
                assertThat(received).as("round %d: the Exit of the linked process, killed or noproc", round)
                        .filteredOn(message -> message instanceof Exit exit && exit.pid().equals(other)).hasSize(1);
            }
        }
    }

    /**
     * {@code shutdown} returns once the process is gone, "its monitors and links told", also when another hand's
     * kill got there first: a process linked to it that does not trap exits is dead by then.
     */
    @Test
    void shutdown_racingAKill_returnsOnlyOnceTheLinksAreTold() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe());
            for (int round = 0; round < ROUNDS; round++) {
                Pid child = runtime.start(new Probe());
                for (int i = 0; i < 20; i++) {
                    runtime.monitor(watcher, child); // an exit with monitors to tell takes a while to announce
                }
                Pid linked = runtime.start(new Actor("linked", events));
                inside(linked, () -> {
                    Self.link(child);
                    return null;
                });
                boolean[] linkedAliveAfter = new boolean[1];
                race(round, () -> runtime.kill(child), () -> {
                    runtime.shutdown(child, Duration.ofSeconds(5));
                    linkedAliveAfter[0] = linked.isAlive();
                });
                assertThat(linkedAliveAfter[0]).as("round %d: linked process alive when shutdown returned", round)
                        .isFalse();
                events.clear();
            }
        }
    }

    /**
     * proc_lib's {@code start_link}: "If the function returns due to the spawned process dying (any error return),
     * the EXIT message will be consumed" (OTP 26 on): a caller that traps exits learns of a child killed while its
     * init ran from the failed start alone.
     */
    @Test
    void startLink_ofAChildKilledInInit_failsTheStart_andLeavesTheTrappingCallerNoExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid caller = runtime.start(new Actor("caller", events), StartOptions.DEFAULTS.withTrapExits(true));
            for (int round = 0; round < 20; round++) {
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Name name = Name.local("starting-" + round);
                Thread killer = Thread.ofPlatform().start(() -> {
                    Fixtures.await(entered);
                    runtime.kill(runtime.whereis(name).orElseThrow());
                    release.countDown();
                });
                int marker = round;
                Object started = inside(caller, () -> {
                    try {
                        return Self.startLink(new SlowInit(entered, release), StartOptions.named(name));
                    } catch (InitFailedException failed) {
                        return failed;
                    } finally {
                        Self.pid().send(new Marker(marker));
                    }
                });
                assertThat(started).isInstanceOf(InitFailedException.class);
                join(killer);
                inside(caller, () -> null);
                List<Object> received = untilMarker(round);
                received.addAll(drainInfos());
                assertThat(received).as("round %d", round).noneMatch(Exit.class::isInstance);
            }
        }
    }

    /**
     * {@code link/1} to a process linked already does nothing: that process's exit still signals with its own
     * reason, also when the link is asked for again while the exit is being announced (here to 5,000 other
     * processes first, which takes a while).
     */
    @Test
    void link_again_whileTheLinkedProcessExits_leavesItsRealExitSignal() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid exiting = runtime.start(new Probe());
            for (int i = 0; i < 5_000; i++) {
                Pid other = runtime.start(new Actor("other", new LinkedBlockingQueue<>()),
                        StartOptions.DEFAULTS.withTrapExits(true));
                inside(other, () -> {
                    Self.link(exiting);
                    return null;
                });
            }
            Pid self = runtime.start(new Actor("self", events), StartOptions.DEFAULTS.withTrapExits(true));
            inside(self, () -> {
                Self.link(exiting);
                return null;
            });
            CountDownLatch relinking = new CountDownLatch(1);
            Thread killer = Thread.ofPlatform().start(() -> {
                Fixtures.await(relinking);
                runtime.kill(exiting);
            });
            inside(self, () -> {
                relinking.countDown();
                boolean exited;
                do {
                    exited = !exiting.isAlive();
                    Self.link(exiting); // until once after the exit began
                } while (!exited);
                Self.pid().send(new Marker(0));
                return null;
            });
            join(killer);
            exits.await(exiting);
            inside(self, () -> null);
            List<Object> received = untilMarker(0);
            received.addAll(drainInfos());
            // the first Exit carries the real reason; a link asked for once it had come finds a dead process (noproc)
            assertThat(received).filteredOn(Exit.class::isInstance).map(Exit.class::cast).first()
                    .satisfies(exit -> {
                        assertThat(exit.pid()).isEqualTo(exiting);
                        assertThat(exit.reason()).isEqualTo(ExitReason.KILLED);
                    });
        }
    }

    /**
     * A deferred call fails once its process has exited, and its caller's completion stages may run on the thread
     * that announces the exit: one that waits for that exit ({@code kill}, {@code shutdown}) must find it done.
     */
    @Test
    void aDeferredCallsCompletionStage_thatWaitsForTheExit_runsOnceTheExitIsDone() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid deferring = runtime.start(Fixtures.answering(0, (request, from, n) -> request instanceof Probe.Get get
                    ? get.reply(n, n) : Result.noreply(n)));
            CompletableFuture<Long> deferred = deferring.callAsync(new Probe.Add(1), Duration.ofSeconds(30));
            assertThat(deferring.call(new Probe.Get())).as("handled after the deferred call").isZero();
            CompletableFuture<Void> stage = deferred.handle((reply, failure) -> {
                runtime.shutdown(deferring, Duration.ofSeconds(1));
                runtime.kill(deferring);
                return null;
            });

            CompletableFuture.runAsync(() -> runtime.kill(deferring)).get(30, TimeUnit.SECONDS);

            assertThat(stage).succeedsWithin(Duration.ofSeconds(30));
            assertThat(deferred).isCompletedExceptionally();
        }
    }

    /** A server whose init waits for {@code release}, or for its kill. */
    private record SlowInit(CountDownLatch entered, CountDownLatch release) implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException killed) {
                Thread.currentThread().interrupt();
            }
            return Init.ok(0L);
        }
    }

    /** The info messages received before the round's marker (the marker taken too). */
    private List<Object> untilMarker(int round) {
        List<Object> received = new ArrayList<>();
        while (true) {
            Object event = Fixtures.take(events);
            if (event instanceof Probe.Info(String label, Object message)) {
                if (message.equals(new Marker(round))) {
                    return received;
                }
                received.add(message);
            }
        }
    }

    private List<Object> drainInfos() {
        List<Object> infos = new ArrayList<>();
        for (Object event : Fixtures.drain(events)) {
            if (event instanceof Probe.Info(String label, Object message)) {
                infos.add(message);
            }
        }
        return infos;
    }

    private static <R> R inside(Pid pid, Supplier<R> action) {
        return pid.call(new Run<>(action));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
