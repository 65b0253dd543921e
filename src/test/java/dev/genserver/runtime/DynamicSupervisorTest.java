package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dynamic supervisor: children on demand, the max-children bound, temporary children and intensity. */
class DynamicSupervisorTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /**
     * Traps exits, as an Elixir worker whose {@code terminate} should run on shutdown does: the tests read a
     * shutdown from the {@link Probe.Terminated} it records.
     */
    private ChildSpec temporary(String id) {
        return ChildSpec.temporary(id, () -> new Probe(id, events))
                .withOptions(StartOptions.DEFAULTS.withTrapExits(true));
    }

    private void crash(Pid pid) {
        assertThatThrownBy(() -> pid.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);
        exits.await(pid);
    }

    @Test
    void startChild_startsALinkedChild() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.named(Name.local("stacks")));

            Pid child = stacks.startChild(temporary("s1"));

            assertThat(child.call(new Probe.Add(2))).isEqualTo(2L);
            assertThat(stacks.countChildren().active()).isEqualTo(1);
            assertThat(runtime.info(child).supervisor()).isEqualTo("stacks");
        }
    }

    /**
     * A null spec is the caller's mistake, refused in the caller: sent on, it crashed the supervisor and every
     * child with it.
     */
    @Test
    void startChild_ofNull_failsInTheCaller_andTheSupervisorLivesOn() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid child = stacks.startChild(temporary("s1"));

            assertThatThrownBy(() -> stacks.startChild(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("spec");

            assertThat(stacks.pid().isAlive()).isTrue();
            assertThat(stacks.countChildren().active()).isEqualTo(1);
            assertThat(child.call(new Probe.Add(1))).isEqualTo(1L);
        }
    }

    /** dynamic_supervisor.ex: {@code def handle_cast(_msg, state), do: {:noreply, state}}. */
    @Test
    void aStrayCast_isIgnored_andTheChildrenLiveOn() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid child = stacks.startChild(temporary("s1"));

            stacks.pid().cast("stray");

            assertThat(stacks.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
            assertThat(child.call(new Probe.Add(1))).isEqualTo(1L);
        }
    }

    @Test
    void startChild_atMaxChildren_failsWithMaxChildren_untilOneLeaves() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2),
                    StartOptions.DEFAULTS);
            Pid first = stacks.startChild(temporary("s1"));
            stacks.startChild(temporary("s2"));

            assertThatThrownBy(() -> stacks.startChild(temporary("s3")))
                    .isInstanceOfSatisfying(MaxChildrenException.class, e -> {
                        assertThat(e.maxChildren()).isEqualTo(2);
                        assertThat(e.error()).isEqualTo("max_children");
                    });
            assertThat(stacks.pid().isAlive()).as("refusing is not a crash").isTrue();

            runtime.stop(first, ExitReason.NORMAL, Fixtures.PATIENCE);
            exits.await(first);
            assertThat(stacks.startChild(temporary("s3")).isAlive()).isTrue();
            assertThat(stacks.countChildren().active()).isEqualTo(2);
        }
    }

    /**
     * At the bound, a start is not refused for a child that has exited, and will not be restarted, with its exit
     * still on its way: here the start is queued before the exit (the supervisor suspended meanwhile), as the next
     * use of a key whose process idled out a moment ago can be. It was refused with max_children, though the only
     * child counted was gone.
     */
    @Test
    void aStartAtTheBound_whileAChildNotToBeRestartedIsGone_itsExitStillOnItsWay_takesItsPlace() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor keys = bounded(runtime, 1);
            Registry registry = Registry.create("keys");
            ChildSpec key = temporary("k").withOptions(StartOptions.named(Name.via(registry, "k")));
            Pid first = keys.startChild(key);

            CompletableFuture<Pid> again = startQueuedBeforeTheExit(runtime, keys, key, first);

            Pid second = again.get(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(second).isNotSameAs(first);
            assertThat(second.isAlive()).isTrue();
            assertThat(registry.whereis("k")).contains(second);
            // asked after the first's exit, queued before: a child's no longer here, it changes nothing
            assertThat(keys.countChildren().active()).isEqualTo(1);
            assertThat(keys.children()).extracting(ChildInfo::pid).containsExactly(second);
        }
    }

    /**
     * A start refused at the bound with every child alive leaves the next refusals unscanned (a flood of starts
     * there cost a scan of every child each), until a child claims its exit: then the next start looks again.
     */
    @Test
    void aStartAfterARefusalAtTheBound_looksAgain_onceAChildHasGone() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor keys = bounded(runtime, 2);
            ChildSpec first = temporary("k1").withOptions(StartOptions.named(Name.via(Registry.create("keys"), "k1")));
            Pid gone = keys.startChild(first);
            keys.startChild(temporary("k2"));
            assertThatThrownBy(() -> keys.startChild(temporary("k3"))).isInstanceOf(MaxChildrenException.class);
            assertThatThrownBy(() -> keys.startChild(temporary("k3"))).isInstanceOf(MaxChildrenException.class);

            CompletableFuture<Pid> again = startQueuedBeforeTheExit(runtime, keys, first, gone);

            assertThat(again.get(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).isAlive()).isTrue();
            assertThat(keys.countChildren().active()).isEqualTo(2);
        }
    }

    /** Only a child that will not be restarted gives its place so: a permanent one is restarted when its exit comes. */
    @Test
    void aStartAtTheBound_whileAPermanentChildIsGone_isRefused_asItWillBeRestarted() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor keys = bounded(runtime, 1);
            Registry registry = Registry.create("keys");
            ChildSpec key = ChildSpec.permanent("k", () -> new Probe("k", events))
                    .withOptions(StartOptions.named(Name.via(registry, "k")));
            Pid first = keys.startChild(key);

            CompletableFuture<Pid> again = startQueuedBeforeTheExit(runtime, keys, key, first);

            assertThatThrownBy(() -> again.get(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(MaxChildrenException.class);
            Deadline.until("restarted when its exit came", () -> registry.whereis("k").filter(Pid::isAlive)
                    .filter(pid -> pid != first).isPresent());
            assertThat(keys.countChildren().active()).isEqualTo(1);
        }
    }

    private static DynamicSupervisor bounded(ProcessRuntime runtime, int maxChildren) {
        return DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(maxChildren),
                StartOptions.DEFAULTS);
    }

    /**
     * Starts {@code spec} under {@code supervisor} with the start queued before the exit of {@code child}, stopped
     * meanwhile (the supervisor suspended until then): as a key's next use can reach it before its idle exit.
     */
    private static CompletableFuture<Pid> startQueuedBeforeTheExit(ProcessRuntime runtime,
            DynamicSupervisor supervisor, ChildSpec spec, Pid child) {
        runtime.suspend(supervisor.pid(), Fixtures.PATIENCE);
        CompletableFuture<Pid> start = CompletableFuture.supplyAsync(() -> supervisor.startChild(spec));
        Deadline.until("the start waits at the suspended supervisor",
                () -> runtime.info(supervisor.pid()).mailbox() == 1);
        runtime.stop(child, ExitReason.NORMAL, Fixtures.PATIENCE); // its exit queues behind the start
        runtime.resume(supervisor.pid(), Fixtures.PATIENCE);
        return start;
    }

    /** dynamic_supervisor.ex {@code validate_dynamic} takes any integer from 0 for max_children; 0 takes none. */
    @Test
    void maxChildrenOfZero_isASupervisorThatTakesNoChild_andBelowZeroIsRefused() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor none = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(0),
                    StartOptions.DEFAULTS);

            assertThatThrownBy(() -> none.startChild(temporary("s1"))).isInstanceOf(MaxChildrenException.class);
            assertThat(none.countChildren().active()).isZero();
        }
        assertThatThrownBy(() -> DynamicSupervisorSpec.withMaxChildren(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * dynamic_supervisor.ex {@code handle_start_child}: ignore, an error from the start, or a taken name answer that
     * start only; nothing is recorded and nothing counts as a restart (intensity 0 here would stop the supervisor).
     * Ignore is an answer, not an error ({@code start_child/2}: ":ignore -> :ignore"), as with the static supervisor.
     */
    @Test
    void aStartThatIsIgnored_failsOrFindsItsNameTaken_answersThatStartOnly_andRecordsNothing() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 0, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            Pid named = stacks.startChild(temporary("first").withOptions(StartOptions.named(Name.local("taken"))));
            GenServer<Long> ignoring = Init::ignore;
            GenServer<Long> refusing = () -> Init.stop(ExitReason.abnormal("bad_config"));

            assertThat(stacks.startChild(ChildSpec.permanent("ignoring", () -> ignoring))).isNull();
            assertThatThrownBy(() -> stacks.startChild(ChildSpec.permanent("refusing", () -> refusing)))
                    .isInstanceOf(InitFailedException.class);
            assertThatThrownBy(() -> stacks.startChild(
                    temporary("second").withOptions(StartOptions.named(Name.local("taken")))))
                    .isInstanceOfSatisfying(AlreadyStartedException.class,
                            e -> assertThat(e.existing()).isEqualTo(named));

            assertThat(stacks.pid().isAlive()).isTrue();
            assertThat(stacks.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
            assertThat(stacks.stats().restartsInWindow()).isZero();
        }
    }

    /** dynamic_supervisor.ex {@code maybe_restart_child}: a transient child is restarted after a crash only. */
    @Test
    void transientChildren_areRestartedAfterACrash_notAfterANormalOrShutdownExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 10, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("done"))) {
                Pid child = stacks.startChild(ChildSpec.transientChild("t", () -> new Probe("t", events)));
                assertThat(child.call(new Probe.StopWith(reason))).isEqualTo("bye");
                exits.await(child);
                assertThat(stacks.countChildren().specs()).as(reason.detail()).isZero();
            }

            Pid crashing = stacks.startChild(ChildSpec.transientChild("c", () -> new Probe("c", events))
                    .withOptions(StartOptions.named(Name.local("crashing"))));
            crash(crashing);
            stacks.countChildren(); // handled after the exit, so after the restart

            assertThat(runtime.whereis("crashing")).get().isNotEqualTo(crashing);
            assertThat(stacks.countChildren().active()).isEqualTo(1);
            assertThat(stacks.stats().restartsInWindow()).isEqualTo(1);
        }
    }

    @Test
    void temporaryChildren_crashing_leave_andDoNotCountTowardIntensity() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(100, 0, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            Pid survivor = stacks.startChild(temporary("survivor"));

            for (int i = 0; i < 10; i++) {
                crash(stacks.startChild(temporary("client-" + i)));
            }

            assertThat(stacks.pid().isAlive()).isTrue();
            assertThat(stacks.countChildren().active()).isEqualTo(1);
            assertThat(stacks.stats().restartsInWindow()).isZero();
            assertThat(survivor.isAlive()).isTrue();
        }
    }

    @Test
    void permanentChild_isRestarted_untilTheIntensityIsExceeded() {
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", downs));
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 1, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            runtime.monitor(watcher, supervisor.pid());
            Pid worker = supervisor.startChild(ChildSpec.permanent("worker",
                    () -> new Probe("worker", events)).withOptions(StartOptions.named(Name.local("worker"))));

            crash(worker);
            supervisor.countChildren(); // handled after the exit, so after the restart
            Pid restarted = runtime.whereis("worker").orElseThrow();
            assertThat(restarted).isNotSameAs(worker);
            assertThat(runtime.info(restarted).restarts()).isEqualTo(1);
            crash(restarted);

            Down down = takeInfo(downs, Down.class);
            assertThat(down.pid()).isSameAs(supervisor.pid());
            assertThat(down.reason()).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void terminateChild_runsTerminate_andForgetsTheChild() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid child = stacks.startChild(temporary("s1"));
            Pid stranger = runtime.start(new Probe());

            assertThat(stacks.terminateChild(child)).isTrue();
            assertThat(stacks.terminateChild(child)).isFalse();
            assertThat(stacks.terminateChild(stranger)).isFalse();

            assertThat(child.isAlive()).isFalse();
            assertThat(events).containsExactly(new Probe.Terminated("s1", ExitReason.SHUTDOWN, 0L));
            assertThat(stacks.countChildren().active()).isZero();
            assertThat(stranger.isAlive()).isTrue();
        }
    }

    @Test
    void terminateChild_killsAChildThatOutrunsItsOwnShutdownTime() {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch terminating = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid child = stacks.startChild(ChildSpec.temporary("slow", () -> new Probe("slow", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    terminating.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        events.add(new Probe.Interrupted("slow terminate"));
                    }
                }
            }).withOptions(StartOptions.DEFAULTS.withTrapExits(true)).withShutdown(Fixtures.KILLED_IN_TERMINATE));

            // The default call timeout is 5 s: the child's own bound must be what the supervisor waits.
            Fixtures.timeOutTheWait(timers, Fixtures.KILLED_IN_TERMINATE, terminating);
            assertThat(stacks.terminateChild(child)).isTrue();

            assertThat(exits.await(child)).isEqualTo(ExitReason.KILLED);
            // The kill is complete before the interrupted terminate ends: it runs on as a zombie, then stops.
            Waiting.until("the killed terminate is interrupted",
                    () -> events.contains(new Probe.Interrupted("slow terminate")));
        }
    }

    @Test
    void stoppingTheDynamicSupervisor_stopsItsChildren() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            stacks.startChild(temporary("s1"));
            stacks.startChild(temporary("s2"));

            runtime.stop(stacks.pid(), ExitReason.SHUTDOWN, Fixtures.PATIENCE);

            // stopped together, as OTP's dynamic supervisor does: their terminates run at the same time
            assertThat(Fixtures.drain(events)).containsExactlyInAnyOrder(
                    new Probe.Terminated("s2", ExitReason.SHUTDOWN, 0L),
                    new Probe.Terminated("s1", ExitReason.SHUTDOWN, 0L));
            assertThat(runtime.count()).isZero();
        }
    }

    @Test
    void dynamicSupervisor_underASupervisor_isRestartedEmpty() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(
                    DynamicSupervisor.childSpec("stacks", DynamicSupervisorSpec.withMaxChildren(5),
                            StartOptions.DEFAULTS)), StartOptions.DEFAULTS);
            Pid stacksPid = root.child("stacks").orElseThrow();
            DynamicSupervisor.of(stacksPid).startChild(temporary("s1"));

            runtime.kill(stacksPid);
            exits.await(stacksPid);

            DynamicSupervisor restarted = DynamicSupervisor.of(root.child("stacks").orElseThrow());
            assertThat(restarted.pid()).isNotSameAs(stacksPid);
            assertThat(restarted.countChildren().active()).isZero();
        }
    }

    @Test
    void dynamicStartChild_whenTheFactoryThrows_failsThatCallOnly_andKeepsOtherChildren() {
        IllegalArgumentException broken = new IllegalArgumentException("no such stack");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor stacks = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid other = stacks.startChild(temporary("s1"));

            assertThatThrownBy(() -> stacks.startChild(ChildSpec.temporary("broken", () -> {
                throw broken;
            }))).isInstanceOfSatisfying(StartFailedException.class, failed -> {
                assertThat(failed.childId()).isEqualTo("broken");
                assertThat(failed).hasCause(broken);
            });

            assertThat(stacks.pid().isAlive()).isTrue();
            assertThat(other.call(new Probe.Add(1))).isEqualTo(1L);
            assertThat(stacks.countChildren().active()).isEqualTo(1);
            assertThat(events).isEmpty();
        }
    }

    /**
     * dynamic_supervisor.ex's which_children: {@code {:undefined, pid | :restarting, type, modules}} for every
     * child, in start order: Elixir walks its map of children by pid, which while they are few is the order they
     * started in (a restarted child has a new pid, so comes last), as elixir 1.14 prints. A child whose restart
     * failed and is to be tried again has no pid.
     */
    @Test
    void whichChildren_listsEveryChildWithoutAnId_andOneWhoseRestartFailed_asRestarting() {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicInteger starts = new AtomicInteger();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 1_000_000, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            Pid worker = supervisor.startChild(ChildSpec.permanent("worker", () -> {
                starts.incrementAndGet();
                if (broken.get()) {
                    throw new IllegalStateException("not yet");
                }
                return new Probe("worker", events);
            }).withOptions(StartOptions.named(Name.local("worker"))));
            Pid inner = supervisor.startChild(DynamicSupervisor.childSpec("inner",
                    DynamicSupervisorSpec.withMaxChildren(1), StartOptions.DEFAULTS));

            assertThat(supervisor.children()).containsExactly(
                    new ChildInfo(null, worker, false, ChildType.WORKER, RestartType.PERMANENT, 0),
                    new ChildInfo(null, inner, false, ChildType.SUPERVISOR, RestartType.PERMANENT, 0));

            broken.set(true);
            crash(worker);
            Waiting.until("a restart failed", () -> starts.get() >= 2);
            assertThat(supervisor.children()).contains(
                    new ChildInfo(null, null, true, ChildType.WORKER, RestartType.PERMANENT, 0));

            broken.set(false);
            Waiting.until("the worker is running again", () -> runtime.whereis("worker").isPresent());
            assertThat(supervisor.children()).as("restarted: a new pid, so the newest").containsExactly(
                    new ChildInfo(null, inner, false, ChildType.SUPERVISOR, RestartType.PERMANENT, 0),
                    new ChildInfo(null, runtime.whereis("worker").orElseThrow(), false, ChildType.WORKER,
                            RestartType.PERMANENT, 1));
        }
    }

    @Test
    void dynamicRestart_whenTheFactoryThrows_triesAgain_countingTowardIntensity() {
        AtomicInteger starts = new AtomicInteger();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 2, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            Pid other = supervisor.startChild(temporary("other"));
            Pid worker = supervisor.startChild(ChildSpec.permanent("worker", () -> {
                if (starts.incrementAndGet() == 2) {
                    throw new IllegalStateException("not yet");
                }
                return new Probe("worker", events);
            }).withOptions(StartOptions.named(Name.local("worker"))));

            crash(worker);
            Waiting.until("the worker is running again", () -> runtime.whereis("worker").isPresent());

            assertThat(starts).as("the first start, a failed restart, one that worked").hasValue(3);
            assertThat(supervisor.stats().restartsInWindow()).isEqualTo(2);
            assertThat(runtime.info(runtime.whereis("worker").orElseThrow()).restarts()).isEqualTo(1);
            assertThat(supervisor.countChildren().active()).isEqualTo(2);
            assertThat(other.isAlive()).isTrue();
        }
    }

    @Test
    void dynamicRestart_whenTheFactoryKeepsThrowing_givesUpAtTheIntensity() {
        AtomicInteger starts = new AtomicInteger();
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", downs));
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    new DynamicSupervisorSpec(10, 3, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
            runtime.monitor(watcher, supervisor.pid());
            Pid other = supervisor.startChild(temporary("other"));
            Pid worker = supervisor.startChild(ChildSpec.permanent("worker", () -> {
                if (starts.incrementAndGet() > 1) {
                    throw new IllegalStateException("broken for good");
                }
                return new Probe("worker", events);
            }));

            crash(worker);

            Down down = takeInfo(downs, Down.class);
            assertThat(down.reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(starts).as("the first start and the three restarts the intensity allows").hasValue(4);
            assertThat(exits.await(other)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void countChildren_splitsSupervisorsFromWorkers_andCountsARestartingChildAsASpecOnly() {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch inSecondStart = new CountDownLatch(1);
        CountDownLatch failSecondStart = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(5),
                    StartOptions.DEFAULTS);
            supervisor.startChild(Supervisor.childSpec("inner", SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                    StartOptions.DEFAULTS));
            Pid flaky = supervisor.startChild(ChildSpec.permanent("flaky", () -> {
                if (starts.incrementAndGet() == 2) {
                    inSecondStart.countDown();
                    Fixtures.await(failSecondStart);
                    throw new IllegalStateException("not yet");
                }
                return new Probe("flaky", events);
            }));
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 2, 1, 1));

            crash(flaky);
            Fixtures.await(inSecondStart);
            CompletableFuture<ChildCounts> during = supervisor.pid()
                    .callAsync(new DynamicSupervisorServer.CountChildren(), Fixtures.PATIENCE);
            failSecondStart.countDown();

            assertThat(Fixtures.join(during)).isEqualTo(new ChildCounts(2, 1, 1, 1));
            Waiting.until("flaky is running again", () -> supervisor.countChildren().active() == 2);
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 2, 1, 1));
            assertThat(starts).hasValue(3);
        }
    }
}
