package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.LinksAndExitSignalsTest.Actor;
import dev.genserver.runtime.LinksAndExitSignalsTest.Run;
import dev.genserver.testing.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code unlink/1} and {@code demonitor/1} raced with the other process's exit, from erlang's reference manual:
 * "Once unlink(Id) has returned, it is guaranteed that the link between the caller and the entity referred to by Id
 * has no effect on the caller in the future (unless the link is setup again). If the caller is trapping exits, an
 * {'EXIT', Id, _} message from the link can have been placed in the caller's message queue before the call." And
 * for a monitor: "Once demonitor(MonitorRef) has returned, it is guaranteed that no {'DOWN', MonitorRef, _, _, _}
 * message, because of the monitor, will be placed in the caller message queue in the future."
 *
 * <p>Each round, the process unlinks (or demonitors) and at once sends itself a marker, while another thread kills
 * the other process; the killer starts a little later each round, so the rounds sweep the kill across the unlink.
 * Whatever the interleaving, an {@link Exit} or {@link Down} from that process comes before the marker or not at
 * all, and a process that does not trap exits survives an unlink that returned.
 */
class UnlinkAndDemonitorRaceTest {

    private static final int ROUNDS = 2_000;
    /** The killer's delay grows by one spin a round and starts over after this many. */
    private static final int SWEEP = 300;

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Sent by the process to itself right after the unlink or demonitor returned. */
    record Marker(int round) { }

    @Test
    void unlink_racingTheOthersExit_noExitComesAfterItReturned() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid self = runtime.start(new Actor("self", events), StartOptions.DEFAULTS.withTrapExits(true));
            for (int round = 0; round < ROUNDS; round++) {
                Pid other = runtime.start(new Probe());
                inside(self, () -> {
                    Self.link(other);
                    return null;
                });
                int marker = round;
                race(round, () -> runtime.kill(other), () -> inside(self, () -> {
                    Self.unlink(other);
                    Self.pid().send(new Marker(marker));
                    return null;
                }));
                exits.await(other);
                assertNothingFrom(other, afterMarker(self, round), round);
            }
        }
    }

    @Test
    void unlink_racingTheOthersCrash_leavesAProcessThatDoesNotTrapExitsAlive() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid alive = runtime.start(new Actor("self", events));
            for (int round = 0; round < ROUNDS; round++) {
                Pid self = alive;
                Pid other = runtime.start(new Probe());
                inside(self, () -> {
                    Self.link(other);
                    return null;
                });
                boolean unlinked = race(round, () -> runtime.kill(other),
                        () -> inside(self, () -> {
                            Self.unlink(other);
                            return null;
                        }));
                exits.await(other);
                if (unlinked) {
                    assertThat(self.isAlive()).as("round %d: alive after its unlink returned", round).isTrue();
                } else { // the exit signal came first, while the unlink was on its way: allowed
                    exits.await(self);
                    alive = runtime.start(new Actor("self", events));
                }
            }
        }
    }

    @Test
    void demonitor_racingTheTargetsExit_noDownComesAfterItReturned() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid self = runtime.start(new Actor("self", events));
            for (int round = 0; round < ROUNDS; round++) {
                Pid target = runtime.start(new Probe());
                MonitorRef ref = inside(self, () -> Self.monitor(target));
                int marker = round;
                race(round, () -> runtime.kill(target), () -> inside(self, () -> {
                    Self.demonitor(ref);
                    Self.pid().send(new Marker(marker));
                    return null;
                }));
                exits.await(target);
                assertNothingFrom(target, afterMarker(self, round), round);
            }
        }
    }

    /**
     * Runs both at once: {@code kill} on another thread, after a delay that sweeps with the round. False if the
     * process was killed before {@code inProcess} returned.
     */
    static boolean race(int round, Runnable kill, Runnable inProcess) {
        CyclicBarrier start = new CyclicBarrier(2);
        Thread killer = Thread.ofPlatform().start(() -> {
            await(start);
            for (int spin = 0; spin < round % SWEEP; spin++) {
                Thread.onSpinWait();
            }
            kill.run();
        });
        await(start);
        boolean returned;
        try {
            inProcess.run();
            returned = true;
        } catch (ProcessExitException | NoProcessException killedFirst) {
            returned = false;
        }
        try {
            killer.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return returned;
    }

    /** What {@code self} received after the round's marker, once everything sent to it before now is handled. */
    private List<Object> afterMarker(Pid self, int round) {
        if (self.isAlive()) {
            inside(self, () -> null);
        }
        List<Object> after = null;
        List<Object> received = new ArrayList<>();
        events.drainTo(received);
        for (Object event : received) {
            if (event instanceof Probe.Info(String label, Object message)) {
                if (message.equals(new Marker(round))) {
                    after = new ArrayList<>();
                } else if (after != null) {
                    after.add(message);
                }
            }
        }
        return after == null ? List.of() : after;
    }

    private static void assertNothingFrom(Pid other, List<Object> afterMarker, int round) {
        assertThat(afterMarker).as("round %d: what came after the unlink or demonitor returned", round)
                .noneMatch(message -> message instanceof Exit exit && exit.pid().equals(other)
                        || message instanceof Down down && down.pid().equals(other));
    }

    private static <R> R inside(Pid pid, Supplier<R> action) {
        return pid.call(new Run<>(action));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
