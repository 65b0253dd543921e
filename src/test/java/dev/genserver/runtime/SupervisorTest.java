package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.Successors;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Supervisors: strategies, restart types, intensity and escalation. A test waits for a child's exit through
 * {@link Fixtures.Exits}; by then the supervisor has the exit in its mailbox, so the next call to the supervisor
 * sees what it did about it.
 */
class SupervisorTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /**
     * Traps exits, as an Elixir worker whose {@code terminate} should run on shutdown does: the tests read a
     * shutdown, and its order, from the {@link Probe.Terminated} it records.
     */
    private ChildSpec permanent(String id) {
        return ChildSpec.permanent(id, () -> new Probe(id, events))
                .withOptions(StartOptions.DEFAULTS.withTrapExits(true));
    }

    private Pid child(Supervisor supervisor, String id) {
        return supervisor.child(id).orElseThrow(() -> new AssertionError("no running child " + id));
    }

    /** A factory whose starts with the given numbers (1 is the first) throw; the others make a {@link Probe}. */
    private Supplier<Probe> failingOn(AtomicInteger starts, Set<Integer> failing) {
        return () -> {
            int start = starts.incrementAndGet();
            if (failing.contains(start)) {
                throw new IllegalArgumentException("bad config, start " + start);
            }
            return new Probe("flaky", events);
        };
    }

    private void crash(Pid pid) {
        assertThatThrownBy(() -> pid.call(new Probe.Boom("crash " + pid))).isInstanceOf(ProcessExitException.class);
        exits.await(pid);
    }

    /** Asks a process to start a supervisor from its callback, as a {@code start_link} in its code would. */
    private record StartSupervisor(SupervisorSpec spec) implements Call<Pid> { }

    private record StartDynamicSupervisor(DynamicSupervisorSpec spec) implements Call<Pid> { }

    /** A process that starts supervisors when asked, and crashes on {@link Probe.Boom}; it does not trap exits. */
    private static final class Owner implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("owner");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            return switch (request) {
                case StartSupervisor start -> start.reply(Supervisor.startLink(start.spec(),
                        StartOptions.DEFAULTS).pid(), state);
                case StartDynamicSupervisor start -> start.reply(DynamicSupervisor.startLink(start.spec(),
                        StartOptions.DEFAULTS).pid(), state);
                case Probe.Boom boom -> throw new IllegalStateException(boom.message());
                default -> GenServer.super.handleCall(request, from, state);
            };
        }
    }

    /**
     * {@code Supervisor.start_link/2} from inside a process links the supervisor to it, its parent: the parent's
     * crash stops the supervisor with the parent's reason, and its children with {@code shutdown}.
     */
    @Test
    void aSupervisorStartedFromAProcess_isLinkedToIt_andStopsWhenItCrashes() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid owner = runtime.start(new Owner());
            Pid supervisor = owner.call(new StartSupervisor(SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(permanent("a"))));
            Pid a = child(Supervisor.of(supervisor), "a");
            assertThat(runtime.info(supervisor).supervisor()).isEqualTo(owner.toString()); // its parent

            crash(owner);

            assertThat(exits.await(supervisor)).isEqualTo(exits.await(owner));
            assertThat(exits.await(a)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void aDynamicSupervisorStartedFromAProcess_isLinkedToIt_andStopsWhenItCrashes() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid owner = runtime.start(new Owner());
            Pid supervisor = owner.call(new StartDynamicSupervisor(DynamicSupervisorSpec.withMaxChildren(10)));
            Pid a = DynamicSupervisor.of(supervisor).startChild(permanent("a"));

            crash(owner);

            assertThat(exits.await(supervisor)).isEqualTo(exits.await(owner));
            assertThat(exits.await(a)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    /** A child whose terminate holds until released, recording how it ended. */
    private record HeldTerminate(CountDownLatch entered, CountDownLatch released, BlockingQueue<Object> events)
            implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("held");
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            entered.countDown();
            try {
                events.add(released.await(30, TimeUnit.SECONDS) ? "terminated " + reason : "never released");
            } catch (InterruptedException killed) {
                events.add("cut short");
            }
        }
    }

    /**
     * close() waits for a supervisor whose parent is a plain process as for a root one: the parent's exit stops
     * it, and its children run terminate to the end, however long (here: past any bound close() has, on the
     * runtime's clock). It waited only for the parent, then killed the supervisor and its children in the middle of
     * their shutdown.
     */
    @Test
    void close_waitsForASupervisorThatAProcessStarted_asForARootOne() throws Exception {
        ProcessRuntime runtime = runtime(timers, exits);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Pid owner = runtime.start(new Owner());
        Pid supervisor = owner.call(new StartSupervisor(SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("held", () -> new HeldTerminate(entered, released, events))
                        .withOptions(StartOptions.DEFAULTS.withTrapExits(true)) // so its terminate runs
                        .withShutdown(Shutdown.infinity()))));
        Pid held = child(Supervisor.of(supervisor), "held");

        Thread closer = Thread.ofPlatform().start(() -> {
            runtime.close();
            events.add("closed");
        });
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the child's terminate began").isTrue();
        Waiting.until("close() waits", () -> closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TIMED_WAITING);
        timers.advance(RuntimeOptions.defaults().shutdownTimeout().multipliedBy(10)); // past any bound it might have

        assertThat(closer.isAlive()).as("close() still waits").isTrue();
        assertThat(held.isAlive()).isTrue();
        released.countDown();
        closer.join(Duration.ofSeconds(30));

        assertThat(events).as("the child's terminate ran to its end before close() returned")
                .containsExactly("terminated " + ExitReason.SHUTDOWN, "closed");
        assertThat(runtime.count()).isZero();
        assertThat(exits.await(held)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(exits.await(supervisor)).isEqualTo(ExitReason.SHUTDOWN);
    }

    /** The other way round: a supervisor that gives up exits with shutdown, which kills a parent not trapping. */
    @Test
    void aSupervisorStartedFromAProcess_thatGivesUp_takesItsParentWithIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid owner = runtime.start(new Owner());
            Pid supervisor = owner.call(new StartSupervisor(SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(0, Duration.ofSeconds(5)).withChild(permanent("a"))));

            crash(child(Supervisor.of(supervisor), "a"));

            assertThat(exits.await(supervisor)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(exits.await(owner)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void start_startsTheChildrenInOrder_linkedToTheSupervisor() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a")).withChild(permanent("b")),
                    StartOptions.named(Name.local("root")));

            assertThat(supervisor.children()).as("which_children: newest first").extracting(ChildInfo::id)
                    .containsExactly("b", "a");
            Pid a = child(supervisor, "a");
            assertThat(a.id()).isLessThan(child(supervisor, "b").id());
            assertThat(runtime.info(a).supervisor()).isEqualTo("root");
            assertThat(supervisor.pid().service()).isEqualTo("supervisor");
        }
    }

    /**
     * spawn_link is atomic: a child can be found by its name only once it is linked to its supervisor, so a kill
     * through the name the moment it is registered still reaches the supervisor, which restarts the child. A
     * name registered a moment before the link let such a kill go unheard, and the child stayed dead.
     */
    @Test
    void childKilledThroughItsName_theMomentItIsRegistered_isRestartedEveryTime() {
        int kills = 2_000;
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(kills, Duration.ofHours(1))
                    .withChild(permanent("victim").withOptions(StartOptions.named(Name.local("victim")))),
                    StartOptions.DEFAULTS);
            Pid victim = null;
            for (int kill = 1; kill <= kills; kill++) {
                victim = Successors.of(runtime, "victim", victim);
                runtime.kill(victim);
            }

            Successors.of(runtime, "victim", victim);
            assertThat(supervisor.stats().restartsInWindow()).isEqualTo(kills);
        }
    }


    @Test
    void oneForOne_crash_restartsOnlyThatChild_withFreshState() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a")).withChild(permanent("b")),
                    StartOptions.DEFAULTS);
            Pid a = child(supervisor, "a");
            Pid b = child(supervisor, "b");
            a.call(new Probe.Add(5));

            crash(a);

            Pid newA = child(supervisor, "a");
            assertThat(newA).isNotSameAs(a);
            assertThat(newA.call(new Probe.Get())).as("a fresh server from the factory").isZero();
            assertThat(child(supervisor, "b")).isSameAs(b);
            assertThat(supervisor.children().getLast().restarts()).as("a, the oldest").isEqualTo(1);
            assertThat(runtime.info(newA).restarts()).isEqualTo(1);
        }
    }

    @Test
    void oneForAll_crash_restartsEveryChild() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ALL).withChild(permanent("a")).withChild(permanent("b")),
                    StartOptions.DEFAULTS);
            Pid a = child(supervisor, "a");
            Pid b = child(supervisor, "b");

            crash(a);

            assertThat(child(supervisor, "a")).isNotSameAs(a);
            assertThat(child(supervisor, "b")).isNotSameAs(b);
            assertThat(b.isAlive()).isFalse();
            assertThat(events).contains(new Probe.Terminated("b", ExitReason.SHUTDOWN, 0L));
        }
    }

    @Test
    void restForOne_crash_restartsItAndTheChildrenStartedAfterIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.REST_FOR_ONE)
                    .withChild(permanent("a")).withChild(permanent("b")).withChild(permanent("c")),
                    StartOptions.DEFAULTS);
            Pid a = child(supervisor, "a");
            Pid b = child(supervisor, "b");
            Pid c = child(supervisor, "c");

            crash(b);

            assertThat(child(supervisor, "a")).isSameAs(a);
            assertThat(child(supervisor, "b")).isNotSameAs(b);
            assertThat(child(supervisor, "c")).isNotSameAs(c);
            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("c", "b", "a");
        }
    }

    @Test
    void permanent_isRestartedAfterANormalExitToo() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a")), StartOptions.DEFAULTS);
            Pid a = child(supervisor, "a");

            assertThat(a.call(new Probe.StopWith(ExitReason.NORMAL))).isEqualTo("bye");
            exits.await(a);

            assertThat(child(supervisor, "a")).isNotSameAs(a);
        }
    }

    @Test
    void transient_isRestartedOnlyAfterAnAbnormalExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.transientChild("crashes", () -> new Probe()))
                    .withChild(ChildSpec.transientChild("ends", () -> new Probe()))
                    .withChild(ChildSpec.transientChild("shuts", () -> new Probe())), StartOptions.DEFAULTS);
            Pid crashes = child(supervisor, "crashes");
            Pid ends = child(supervisor, "ends");
            Pid shuts = child(supervisor, "shuts");

            crash(crashes);
            ends.call(new Probe.StopWith(ExitReason.NORMAL));
            exits.await(ends);
            shuts.call(new Probe.StopWith(ExitReason.shutdown("done")));
            exits.await(shuts);

            assertThat(child(supervisor, "crashes")).isNotSameAs(crashes);
            assertThat(supervisor.child("ends")).isEmpty();
            assertThat(supervisor.child("shuts")).isEmpty();
            assertThat(supervisor.children()).extracting(ChildInfo::id).as("transient slots stay")
                    .containsExactly("shuts", "ends", "crashes");
        }
    }

    @Test
    void temporary_isNeverRestarted_andLeavesTheChildList() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.temporary("t", () -> new Probe())), StartOptions.DEFAULTS);

            crash(child(supervisor, "t"));

            assertThat(supervisor.children()).isEmpty();
        }
    }

    /** Elixir's {@code Supervisor.child_spec(Mod, restart: :temporary)}: the type set on a spec is the one followed. */
    @Test
    void aRestartTypeSetOnASpec_isTheOneTheSupervisorFollows() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(permanent("p").withRestart(RestartType.TEMPORARY)), StartOptions.DEFAULTS);

            crash(child(supervisor, "p"));

            assertThat(supervisor.children()).isEmpty();
        }
    }

    @Test
    void namedChild_isRestartedUnderTheSameName() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(
                    permanent("a").withOptions(StartOptions.named(Name.local("worker")))), StartOptions.DEFAULTS);
            Pid first = runtime.whereis("worker").orElseThrow();

            crash(first);
            supervisor.children(); // handled after the exit, so after the restart

            Pid restarted = runtime.whereis("worker").orElse(null);
            assertThat(restarted).isNotNull().isNotSameAs(first);
            assertThat(restarted.isAlive()).isTrue();
        }
    }

    @Test
    void intensityExceeded_supervisorStopsItsChildrenAndExits() {
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", downs));
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, Duration.ofSeconds(5)).withChild(permanent("a")).withChild(permanent("b")),
                    StartOptions.DEFAULTS);
            runtime.monitor(watcher, supervisor.pid());
            Pid b = child(supervisor, "b");

            for (int i = 0; i < 3; i++) {
                crash(child(supervisor, "a"));
            }
            assertThat(supervisor.pid().isAlive()).as("three restarts are allowed").isTrue();
            assertThat(supervisor.stats().restartsInWindow()).isEqualTo(3);
            crash(child(supervisor, "a"));

            Down down = takeInfo(downs, Down.class);
            assertThat(down.pid()).isSameAs(supervisor.pid());
            assertThat(down.reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(b.isAlive()).isFalse();
            assertThat(events).contains(new Probe.Terminated("b", ExitReason.SHUTDOWN, 0L));
        }
    }

    @Test
    void intensity_countsOnlyRestartsWithinThePeriod() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(2, Duration.ofSeconds(5)).withChild(permanent("a")), StartOptions.DEFAULTS);

            crash(child(supervisor, "a"));
            crash(child(supervisor, "a"));
            assertThat(supervisor.stats().restartsInWindow()).as("both restarts done before time moves").isEqualTo(2);
            timers.advance(Duration.ofSeconds(6));
            assertThat(supervisor.stats().restartsInWindow()).isZero();
            crash(child(supervisor, "a"));
            crash(child(supervisor, "a"));

            assertThat(supervisor.pid().isAlive()).isTrue();
            assertThat(child(supervisor, "a").isAlive()).isTrue();
        }
    }

    @Test
    void escalation_parentRestartsAChildSupervisorThatGaveUp() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(0, Duration.ofSeconds(5))
                    .withChild(permanent("w"));
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(1, Duration.ofSeconds(5))
                    .withChild(Supervisor.childSpec("inner", inner, StartOptions.DEFAULTS)), StartOptions.DEFAULTS);
            Pid innerPid = child(root, "inner");
            Pid worker = child(Supervisor.of(innerPid), "w");

            crash(worker);

            assertThat(exits.await(innerPid)).isEqualTo(ExitReason.SHUTDOWN);
            Pid newInner = child(root, "inner");
            assertThat(newInner).isNotSameAs(innerPid);
            Pid newWorker = child(Supervisor.of(newInner), "w");
            assertThat(newWorker).isNotSameAs(worker);
            assertThat(newWorker.call(new Probe.Get())).isZero();
            assertThat(root.pid().isAlive()).isTrue();
        }
    }

    /**
     * supervisor.erl's init sets {@code process_flag(trap_exit, true)} itself, so a supervisor traps its children's
     * exits whatever options it was started with: here a nested one's spec given a name replaced the options that
     * asked for trapping, and it died with its crashed worker, taking a restart of the root's.
     */
    @Test
    void aSupervisorStartedWithOptionsOfItsOwn_stillTrapsItsChildrensExits() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("w"));
            DynamicSupervisorSpec pool = DynamicSupervisorSpec.withMaxChildren(3);
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(Supervisor.childSpec("inner", inner, StartOptions.DEFAULTS)
                            .withOptions(StartOptions.named(Name.local("inner"))))
                    .withChild(DynamicSupervisor.childSpec("pool", pool, StartOptions.DEFAULTS)
                            .withOptions(StartOptions.named(Name.local("pool")))), StartOptions.DEFAULTS);
            Pid innerPid = child(root, "inner");
            Pid poolPid = child(root, "pool");
            Pid pooled = DynamicSupervisor.of(poolPid).startChild(ChildSpec.permanent("p", Probe::new));

            crash(child(Supervisor.of(innerPid), "w"));
            crash(pooled);

            assertThat(child(root, "inner")).isSameAs(innerPid);
            assertThat(child(root, "pool")).isSameAs(poolPid);
            assertThat(innerPid.isAlive()).isTrue();
            assertThat(root.stats().restartsInWindow()).isZero();
            assertThat(Supervisor.of(innerPid).stats().restartsInWindow()).isEqualTo(1);
        }
    }

    @Test
    void escalation_reachesTheTop_whenTheParentGivesUpToo() {
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", downs));
            SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(0, Duration.ofSeconds(5))
                    .withChild(permanent("w"));
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(1, Duration.ofSeconds(5))
                    .withChild(Supervisor.childSpec("inner", inner, StartOptions.DEFAULTS)), StartOptions.DEFAULTS);
            runtime.monitor(watcher, root.pid());

            Pid firstInner = child(root, "inner");
            crash(child(Supervisor.of(firstInner), "w"));
            exits.await(firstInner);                                 // inner gave up; root restarts it (1 of 1)
            Pid secondInner = child(root, "inner");
            crash(child(Supervisor.of(secondInner), "w"));          // inner gives up again; root gives up

            Down down = takeInfo(downs, Down.class);
            assertThat(down.pid()).isSameAs(root.pid());
            assertThat(down.reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(runtime.count()).as("only the watcher is left").isEqualTo(1);
        }
    }

    @Test
    void temporaryChildren_doNotCountTowardIntensity() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(0, Duration.ofSeconds(5)).withChild(permanent("singleton")), StartOptions.DEFAULTS);
            Pid singleton = child(supervisor, "singleton");

            for (int i = 0; i < 5; i++) {
                crash(supervisor.startChild(ChildSpec.temporary("client-" + i, () -> new Probe())));
            }

            assertThat(supervisor.pid().isAlive()).isTrue();
            assertThat(child(supervisor, "singleton")).isSameAs(singleton);
            assertThat(supervisor.stats().restartsInWindow()).isZero();
            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("singleton");
        }
    }

    @Test
    void startChild_addsARunningChild_andRefusesADuplicateId() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a")), StartOptions.DEFAULTS);

            Pid b = supervisor.startChild(permanent("b"));

            assertThat(b.call(new Probe.Add(1))).isEqualTo(1L);
            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("b", "a");
            Pid a = supervisor.child("a").orElseThrow();
            assertThatThrownBy(() -> supervisor.startChild(permanent("a")))
                    .as("supervisor.erl: {error, {already_started, Pid}}")
                    .isInstanceOfSatisfying(AlreadyStartedException.class, e -> assertThat(e.existing()).isEqualTo(a));
            supervisor.terminateChild("a");
            assertThatThrownBy(() -> supervisor.startChild(permanent("a"))).as("{error, already_present}")
                    .isInstanceOfSatisfying(ChildStateException.class,
                            e -> assertThat(e.error()).isEqualTo("already_present"));
            assertThat(supervisor.restartChild("a")).as("the idiom: on already_present, restart_child").isNotNull();
        }
    }

    @Test
    void start_whenAChildFailsToStart_stopsTheOthersAndFails() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a"))
                    .withChild(ChildSpec.permanent("broken", () -> new Probe() {
                        @Override
                        public Init<Long> init() {
                            return Init.stop(ExitReason.abnormal("no"));
                        }
                    }));

            assertThatThrownBy(() -> Supervisor.start(runtime, spec, StartOptions.named(Name.local("sup"))))
                    .isInstanceOf(InitFailedException.class).hasMessageContaining("broken");

            assertThat(events).contains(new Probe.Terminated("a", ExitReason.SHUTDOWN, 0L));
            assertThat(runtime.count()).isZero();
            assertThat(runtime.whereis("sup")).isEmpty();
        }
    }

    @Test
    void ignoredChild_hasASlotWithoutAProcess() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("ignored", () -> new Probe() {
                        @Override
                        public Init<Long> init() {
                            return Init.ignore();
                        }
                    })), StartOptions.DEFAULTS);

            assertThat(supervisor.children()).singleElement().satisfies(child -> {
                assertThat(child.id()).isEqualTo("ignored");
                assertThat(child.pid()).isNull();
            });
        }
    }

    /**
     * supervisor.erl keeps an ignored permanent or transient child's spec (a later restart_child may start it) but
     * not a temporary one's: {@code {ok, undefined} when ?is_temporary(Child) -> remove}, at start and from
     * start_child alike.
     */
    @Test
    void ignoredTemporaryChild_isNotKept_atStartOrFromStartChild() {
        Supplier<Probe> ignoring = () -> new Probe() {
            @Override
            public Init<Long> init() {
                return Init.ignore();
            }
        };
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.temporary("at start", ignoring)), StartOptions.DEFAULTS);

            assertThat(supervisor.startChild(ChildSpec.temporary("later", ignoring))).isNull();

            assertThat(supervisor.children()).isEmpty();
            assertThat(supervisor.countChildren().specs()).isZero();
        }
    }

    @Test
    void stats_reportStrategyChildrenAndIntensity() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.REST_FOR_ONE)
                    .withChild(permanent("a")), StartOptions.DEFAULTS);

            SupervisorStats stats = supervisor.stats();

            assertThat(stats).isEqualTo(new SupervisorStats("rest_for_one", 1, 0, 3, Duration.ofSeconds(5)));
            assertThat(runtime.status(supervisor.pid(), Fixtures.PATIENCE)).isEqualTo(stats);
        }
    }

    @Test
    void stoppingTheSupervisor_stopsItsChildrenInReverseStartOrder() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(permanent("a")).withChild(permanent("b")).withChild(permanent("c")),
                    StartOptions.DEFAULTS);

            runtime.stop(supervisor.pid(), ExitReason.SHUTDOWN, Fixtures.PATIENCE);

            assertThat(Fixtures.drain(events)).containsExactly(
                    new Probe.Terminated("c", ExitReason.SHUTDOWN, 0L),
                    new Probe.Terminated("b", ExitReason.SHUTDOWN, 0L),
                    new Probe.Terminated("a", ExitReason.SHUTDOWN, 0L));
            assertThat(runtime.count()).isZero();
        }
    }

    @Test
    void supervisorRestart_whenTheFactoryThrows_countsTowardIntensity_andSparesSiblings() {
        AtomicInteger starts = new AtomicInteger();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, Duration.ofSeconds(5))
                    .withChild(ChildSpec.permanent("flaky", failingOn(starts, Set.of(2, 3))))
                    .withChild(permanent("sibling")), StartOptions.DEFAULTS);
            Pid sibling = child(supervisor, "sibling");

            crash(child(supervisor, "flaky"));
            Waiting.until("flaky is running again", () -> supervisor.child("flaky").isPresent());

            assertThat(starts).as("the first start, two failed restarts, one that worked").hasValue(4);
            assertThat(supervisor.stats().restartsInWindow()).as("every attempt counts").isEqualTo(3);
            assertThat(supervisor.children()).extracting(ChildInfo::id, ChildInfo::restarting, ChildInfo::restarts)
                    .containsExactly(tuple("sibling", false, 0), tuple("flaky", false, 1));
            assertThat(child(supervisor, "sibling")).isSameAs(sibling);
            assertThat(events).filteredOn(Probe.Terminated.class::isInstance)
                    .extracting(event -> ((Probe.Terminated) event).label()).containsExactly("flaky");
        }
    }

    @Test
    void supervisorRestart_whenTheFactoryKeepsThrowing_givesUpAtTheIntensity_insteadOfRetryingForever() {
        AtomicInteger starts = new AtomicInteger();
        BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid watcher = runtime.start(new Probe("watcher", downs));
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(2, Duration.ofSeconds(5))
                    .withChild(ChildSpec.permanent("flaky", () -> {
                        if (starts.incrementAndGet() > 1) {
                            throw new IllegalStateException("broken for good");
                        }
                        return new Probe("flaky", events);
                    }))
                    .withChild(permanent("sibling")), StartOptions.DEFAULTS);
            runtime.monitor(watcher, supervisor.pid());

            crash(child(supervisor, "flaky"));

            Down down = takeInfo(downs, Down.class);
            assertThat(down.reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(starts).as("the first start and the two restarts the intensity allows").hasValue(3);
            assertThat(events).contains(new Probe.Terminated("sibling", ExitReason.SHUTDOWN, 0L));
        }
    }

    @Test
    void supervisorRestart_whenTheFactoryThrows_triesAgainThroughItsMailbox_soQueuedCallsAreAnsweredMeanwhile() {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch inSecondStart = new CountDownLatch(1);
        CountDownLatch failSecondStart = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("flaky", () -> {
                        if (starts.incrementAndGet() == 2) {
                            inSecondStart.countDown();
                            Fixtures.await(failSecondStart);
                            throw new IllegalArgumentException("bad config");
                        }
                        return new Probe("flaky", events);
                    })), StartOptions.DEFAULTS);

            crash(child(supervisor, "flaky"));
            Fixtures.await(inSecondStart);
            CompletableFuture<List<ChildInfo>> asked = supervisor.pid()
                    .callAsync(new SupervisorServer.WhichChildren(), Fixtures.PATIENCE);
            failSecondStart.countDown();

            assertThat(Fixtures.join(asked)).as("answered between the failed attempt and the next")
                    .singleElement().satisfies(flaky -> {
                        assertThat(flaky.pid()).isNull();
                        assertThat(flaky.restarting()).isTrue();
                    });
            Waiting.until("flaky is running again", () -> supervisor.child("flaky").isPresent());
            assertThat(starts).hasValue(3);
        }
    }

    @Test
    void supervisorStart_whenASecondFactoryThrows_stopsTheFirstChild_andFailsTheStart() {
        IllegalArgumentException broken = new IllegalArgumentException("no such setting");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a"))
                    .withChild(ChildSpec.permanent("broken", () -> {
                        throw broken;
                    }));

            assertThatThrownBy(() -> Supervisor.start(runtime, spec, StartOptions.named(Name.local("sup"))))
                    .isInstanceOfSatisfying(InitFailedException.class, failed -> {
                        assertThat(failed.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
                        assertThat(failed.reason().detail()).startsWith("failed_to_start_child broken");
                        assertThat(failed).rootCause().isSameAs(broken);
                    });

            assertThat(events).containsExactly(new Probe.Terminated("a", ExitReason.SHUTDOWN, 0L));
            assertThat(runtime.count()).as("no child is left behind its dead parent").isZero();
            assertThat(runtime.whereis("sup")).isEmpty();
        }
    }

    @Test
    void startChild_whenTheFactoryThrows_failsThatCallOnly_andAddsNoChild() {
        IllegalArgumentException broken = new IllegalArgumentException("no such setting");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(permanent("a")), StartOptions.DEFAULTS);
            Pid a = child(supervisor, "a");

            assertThatThrownBy(() -> supervisor.startChild(ChildSpec.permanent("broken", () -> {
                throw broken;
            }))).isInstanceOfSatisfying(StartFailedException.class, failed -> {
                assertThat(failed.childId()).isEqualTo("broken");
                assertThat(failed.error()).isEqualTo("start_failed");
                assertThat(failed).hasCause(broken);
            });

            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("a");
            assertThat(child(supervisor, "a")).isSameAs(a);
            assertThat(events).isEmpty();
        }
    }
}
