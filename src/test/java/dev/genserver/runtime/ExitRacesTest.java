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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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
