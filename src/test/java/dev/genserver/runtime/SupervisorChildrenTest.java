package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A static supervisor's children managed by hand, as supervisor.erl defines it: terminate_child keeps the spec,
 * restart_child starts a terminated child again, delete_child forgets one that is not running, and
 * which_children / count_children report them.
 */
class SupervisorChildrenTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private ChildSpec permanent(String id) {
        return ChildSpec.permanent(id, () -> new Probe(id, events));
    }

    private Supervisor start(ProcessRuntime runtime, ChildSpec... children) {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE);
        for (ChildSpec child : children) {
            spec = spec.withChild(child);
        }
        return Supervisor.start(runtime, spec, StartOptions.DEFAULTS);
    }

    private static Pid child(Supervisor supervisor, String id) {
        return supervisor.child(id).orElseThrow(() -> new AssertionError("no running child " + id));
    }

    private static void assertRefused(Runnable request, String id, ChildStateException.Problem problem) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(ChildStateException.class, refused -> {
            assertThat(refused.childId()).isEqualTo(id);
            assertThat(refused.problem()).isEqualTo(problem);
            assertThat(refused.error()).isEqualTo(problem.name().toLowerCase());
        });
    }

    @Test
    void terminateChild_endsItWithShutdown_keepsTheSpec_andTheChildIsNotRestarted() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("a"), permanent("b"));
            Pid a = child(supervisor, "a");
            Pid b = child(supervisor, "b");

            assertThat(supervisor.terminateChild("a")).isTrue();

            assertThat(a.isAlive()).isFalse();
            assertThat(exits.await(a)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(events).as("no terminate: it does not trap exits").isEmpty();
            assertThat(supervisor.children()).extracting(ChildInfo::id, ChildInfo::pid, ChildInfo::restarting)
                    .containsExactly(tuple("b", b, false), tuple("a", null, false));
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 1, 0, 2));
            assertThat(supervisor.stats().restartsInWindow()).isZero();
        }
    }

    @Test
    void terminateChild_ofATemporaryChild_deletesItsSpec_andOfAnUnknownId_isFalse() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("a"),
                    ChildSpec.temporary("t", () -> new Probe("t", events)));

            assertThat(supervisor.terminateChild("t")).isTrue();
            assertThat(supervisor.terminateChild("t")).isFalse();
            assertThat(supervisor.terminateChild("nobody")).isFalse();

            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("a");
            assertRefused(() -> supervisor.restartChild("t"), "t", ChildStateException.Problem.NOT_FOUND);
        }
    }

    @Test
    void restartChild_startsATerminatedChildAgain_withFreshState_outsideTheIntensity() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("a"));
            Pid first = child(supervisor, "a");
            first.call(new Probe.Add(5));
            supervisor.terminateChild("a");

            Pid second = supervisor.restartChild("a");

            assertThat(second).isNotSameAs(first);
            assertThat(second.call(new Probe.Get())).isZero();
            assertThat(child(supervisor, "a")).isSameAs(second);
            assertThat(supervisor.children().getFirst().restarts()).as("asked for, not a recovery").isZero();
            assertThat(supervisor.stats().restartsInWindow()).isZero();
        }
    }

    @Test
    void restartChild_refusesARunningChild_andAnUnknownId() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("a"));
            Pid a = child(supervisor, "a");

            assertRefused(() -> supervisor.restartChild("a"), "a", ChildStateException.Problem.RUNNING);
            assertRefused(() -> supervisor.restartChild("b"), "b", ChildStateException.Problem.NOT_FOUND);

            assertThat(child(supervisor, "a")).isSameAs(a);
        }
    }

    @Test
    void restartChild_whenTheFactoryThrows_failsTheCall_andKeepsTheSpecForAnotherTry() {
        AtomicInteger starts = new AtomicInteger();
        IllegalStateException broken = new IllegalStateException("not now");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, ChildSpec.permanent("a", () -> {
                if (starts.incrementAndGet() == 2) {
                    throw broken;
                }
                return new Probe("a", events);
            }));
            supervisor.terminateChild("a");

            assertThatThrownBy(() -> supervisor.restartChild("a")).isInstanceOf(StartFailedException.class)
                    .hasCause(broken);
            assertThat(supervisor.children()).extracting(ChildInfo::id, ChildInfo::pid, ChildInfo::restarting)
                    .containsExactly(tuple("a", null, false));

            assertThat(supervisor.restartChild("a").isAlive()).isTrue();
            assertThat(starts).hasValue(3);
        }
    }

    @Test
    void deleteChild_forgetsAChildThatIsNotRunning_andRefusesARunningOne() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("a"), permanent("b"));

            assertRefused(() -> supervisor.deleteChild("a"), "a", ChildStateException.Problem.RUNNING);
            supervisor.terminateChild("a");
            supervisor.deleteChild("a");

            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("b");
            assertRefused(() -> supervisor.deleteChild("a"), "a", ChildStateException.Problem.NOT_FOUND);
            assertRefused(() -> supervisor.restartChild("a"), "a", ChildStateException.Problem.NOT_FOUND);
            assertThat(supervisor.startChild(permanent("a")).isAlive()).as("the id is free again").isTrue();
        }
    }

    @Test
    void restartAndDeleteChild_refuseAChildWhoseRestartIsToBeTriedAgain() {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch inSecondStart = new CountDownLatch(1);
        CountDownLatch failSecondStart = new CountDownLatch(1);
        Supplier<Probe> flaky = () -> {
            if (starts.incrementAndGet() == 2) {
                inSecondStart.countDown();
                Fixtures.await(failSecondStart);
                throw new IllegalStateException("not yet");
            }
            return new Probe("flaky", events);
        };
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, ChildSpec.permanent("flaky", flaky));
            Pid first = child(supervisor, "flaky");
            assertThatThrownBy(() -> first.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);
            Fixtures.await(inSecondStart);
            CompletableFuture<Pid> restart = supervisor.pid()
                    .callAsync(new SupervisorServer.RestartChild("flaky"), Fixtures.PATIENCE);
            CompletableFuture<Void> delete = supervisor.pid()
                    .callAsync(new SupervisorServer.DeleteChild("flaky"), Fixtures.PATIENCE);
            CompletableFuture<ChildCounts> counts = supervisor.pid()
                    .callAsync(new SupervisorServer.CountChildren(), Fixtures.PATIENCE);
            failSecondStart.countDown();

            assertRefused(() -> Fixtures.join(restart), "flaky", ChildStateException.Problem.RESTARTING);
            assertRefused(() -> Fixtures.join(delete), "flaky", ChildStateException.Problem.RESTARTING);
            assertThat(Fixtures.join(counts)).isEqualTo(new ChildCounts(1, 0, 0, 1));
            Waiting.until("flaky is running again", () -> supervisor.child("flaky").isPresent());
        }
    }

    @Test
    void whichChildren_givesEachChildsType_andCountChildrenSplitsSupervisorsFromWorkers() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = start(runtime, permanent("worker"),
                    Supervisor.childSpec("inner", SupervisorSpec.of(Strategy.ONE_FOR_ONE), StartOptions.DEFAULTS),
                    DynamicSupervisor.childSpec("dynamic", DynamicSupervisorSpec.withMaxChildren(5),
                            StartOptions.DEFAULTS),
                    ChildSpec.permanent("ignored", () -> new Probe() {
                        @Override
                        public Init<Long> init() {
                            return Init.ignore();
                        }
                    }));

            assertThat(supervisor.children()).extracting(ChildInfo::id, ChildInfo::type).containsExactly(
                    tuple("ignored", ChildType.WORKER), tuple("dynamic", ChildType.SUPERVISOR),
                    tuple("inner", ChildType.SUPERVISOR), tuple("worker", ChildType.WORKER));
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(4, 3, 2, 2));
            supervisor.terminateChild("inner");
            assertThat(supervisor.countChildren()).as("a terminated supervisor is still a spec of its type")
                    .isEqualTo(new ChildCounts(4, 2, 2, 2));
        }
    }
}
