package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.genserver.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application's tree: a service's dynamic supervisor keeps working after the root restarts it. */
class ProcessTreeTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog(ProcessTree.class);

    /** A process that does nothing; it only has to exist. */
    static final class Idle implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok("idle");
        }
    }

    @Test
    void aRestartedDynamicSupervisor_isFoundAgainByTheServiceHandle() throws InterruptedException {
        CountDownLatch restarted = new CountDownLatch(1);
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void childRestarted(Pid supervisor, String childId) {
                restarted.countDown();
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withListener(listener))) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                    StartOptions.DEFAULTS.withService("root"));
            ProcessTree tree = new ProcessTree(runtime, root, new TimedOutCalls(Clock.systemUTC()));
            DynamicSupervisor things = tree.startDynamicSupervisor("things", DynamicSupervisorSpec.withMaxChildren(10));
            Pid before = things.pid();
            things.startChild(ChildSpec.temporary("thing", Idle::new));

            runtime.kill(before);
            assertThat(restarted.await(5, TimeUnit.SECONDS)).as("the root restarted it").isTrue();

            assertThat(things.pid()).isNotEqualTo(before);
            Pid child = things.startChild(ChildSpec.temporary("thing", Idle::new));
            assertThat(child.isAlive()).isTrue();
            assertThat(things.countChildren().active()).as("the old children went with the old supervisor")
                    .isEqualTo(1);
        }
    }

    /** While the root lives a missing singleton is being restarted; once it has given up, nothing will restart it. */
    @Test
    void aSingletonsAbsence_isWordedAsPassing_untilTheRootGivesUp() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(0, Duration.ofSeconds(5)), StartOptions.named(RuntimeConfiguration.ROOT));
            ProcessTree tree = new ProcessTree(runtime, root, new TimedOutCalls(Clock.systemUTC()));
            Pid idle = tree.startChild(ChildSpec.permanent("idle", Idle::new)
                    .withOptions(StartOptions.named(Name.local("idle"))));
            Singleton absent = tree.singleton(Name.local("never-started"));
            assertThatThrownBy(() -> absent.call(new Call<String>() { }))
                    .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("retry shortly");

            runtime.kill(idle); // past an intensity of 0: the root gives up
            await().until(() -> !root.pid().isAlive());

            assertThatThrownBy(() -> tree.singleton(Name.local("idle")).call(new Call<String>() { }))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .hasMessage("idle has stopped with its supervision tree, which nothing restarts: this instance "
                            + "is leaving rotation; retry on another instance");
        }
    }

    /**
     * A call queued to a singleton that its supervisor then stops (the root giving up, here) was never handled, and
     * nothing crashed: the client is told the process has stopped, 503 as for one not found, not that it crashed
     * handling the request (500 {@code exit}, for a crash or a kill).
     */
    @Test
    void aCallQueuedToASingletonItsSupervisorStops_isUnavailable_notACrash() throws Exception {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            ProcessTree tree = givingUpAtTheFirstRestart(runtime);
            Pid answering = tree.startChild(ChildSpec.permanent("answering", () -> new Answering("answering"))
                    .withOptions(StartOptions.named(Name.local("answering"))));
            Pid other = tree.startChild(ChildSpec.permanent("other", Idle::new));
            Singleton singleton = tree.singleton(Name.local("answering"));
            runtime.suspend(answering, Duration.ofSeconds(5)); // the call queues, unhandled
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> singleton.call(new Ask()));
            await().until(() -> runtime.info(answering).mailbox() == 1);

            runtime.kill(other); // past an intensity of 0: the root gives up, stopping the rest with shutdown

            assertThatThrownBy(queued::join).cause().isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("has stopped with its supervision tree");
        }
    }

    /**
     * A start queued to a service's dynamic supervisor that the root then stops was never handled: it is looked up
     * again, and refused 503 as a start while the supervisor is not there, not 500 {@code exit}.
     */
    @Test
    void aStartQueuedToADynamicSupervisorTheRootStops_isUnavailable_notACrash() throws Exception {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            ProcessTree tree = givingUpAtTheFirstRestart(runtime);
            DynamicSupervisor supervisor = tree.startDynamicSupervisor("things",
                    DynamicSupervisorSpec.withMaxChildren(10));
            Pid other = tree.startChild(ChildSpec.permanent("other", Idle::new));
            RegisteredProcesses things = new RegisteredProcesses(supervisor, Registry.create("things"), "things",
                    () -> new Answering("thing"), new TimedOutCalls(Clock.systemUTC()));
            Pid supervisorPid = supervisor.pid();
            runtime.suspend(supervisorPid, Duration.ofSeconds(5)); // the start queues, unhandled
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(
                    () -> things.create(() -> new Answering("thing")));
            await().until(() -> runtime.info(supervisorPid).mailbox() == 1);

            runtime.kill(other);

            // looked up again: the root is still stopping the tree (retry shortly), or has stopped it
            assertThatThrownBy(queued::join).cause().isInstanceOf(ServiceUnavailableException.class)
                    .message().isIn(ServiceUnavailableException.notRunning("things-supervisor").getMessage(),
                            ServiceUnavailableException.stopped("things-supervisor").getMessage());
        }
    }

    /** Every living process of the service, across pages of the process table, and none of another's. */
    @Test
    void killAll_killsEveryProcessOfTheService_acrossPages_andNoOther() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            ProcessTree tree = ProcessTrees.in(runtime);
            List<Pid> workers = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) { // more than one page of 1,000
                workers.add(runtime.start(new Idle(), StartOptions.DEFAULTS.withService("workers")));
            }
            Pid other = runtime.start(new Idle(), StartOptions.DEFAULTS.withService("others"));
            runtime.kill(workers.get(7)); // dead already: not counted

            assertThat(tree.killAll("workers")).isEqualTo(1_499);
            assertThat(workers).noneMatch(Pid::isAlive);
            assertThat(other.isAlive()).isTrue();
        }
    }

    /** A tree whose root gives up at the first restart it would make, stopping its other children with shutdown. */
    private static ProcessTree givingUpAtTheFirstRestart(ProcessRuntime runtime) {
        return new ProcessTree(runtime, Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withIntensity(0, Duration.ofSeconds(5)), StartOptions.named(RuntimeConfiguration.ROOT)),
                new TimedOutCalls(Clock.systemUTC()));
    }

    /** Requests still running when the instance stops its processes are told it is shutting down, not given up. */
    @Test
    void aSingletonAfterTheRuntimeCloses_isShuttingDown() {
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults());
        ProcessTree tree = ProcessTrees.in(runtime);
        tree.startChild(ChildSpec.permanent("idle", Idle::new).withOptions(StartOptions.named(Name.local("idle"))));

        runtime.close();

        assertThatThrownBy(() -> tree.singleton(Name.local("idle")).call(new Call<String>() { }))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("this instance is shutting down; retry on another");
    }

    /** A process answering {@link Ask} with its own name, to tell incarnations apart. */
    static final class Answering implements GenServer<String> {
        private final String says;

        Answering(String says) {
            this.says = says;
        }

        @Override
        public Init<String> init() {
            return Init.ok(says);
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            return ((Ask) request).reply(state, state);
        }
    }

    record Ask() implements Call<String> { }

    /**
     * A singleton that exits between its lookup and the call (an operator's kill, a restart) never saw the call:
     * the call goes to the next incarnation, or the client is told the process is not there right now, 503; never
     * noproc, the answer for a process that will never be.
     */
    @Test
    void aSingletonGoneBetweenItsLookupAndTheCall_isLookedUpAgain_neverNoproc() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid root = runtime.start(new Idle());
            Pid first = runtime.start(new Answering("first"));
            Pid second = runtime.start(new Answering("second"));
            Deque<Pid> lookups = new ArrayDeque<>(List.of(first, second));
            NamedSingleton restarted = new NamedSingleton(runtime, Name.local("answering"),
                    new TimedOutCalls(Clock.systemUTC()), root, () -> {
                        Pid found = lookups.poll();
                        if (found == first) {
                            runtime.kill(first); // after its lookup, before its call
                        }
                        return Optional.ofNullable(found);
                    });

            assertThat(restarted.call(new Ask())).as("the next incarnation's answer").isEqualTo("second");

            Pid third = runtime.start(new Answering("third"));
            NamedSingleton notBack = new NamedSingleton(runtime, Name.local("answering"),
                    new TimedOutCalls(Clock.systemUTC()), root, () -> {
                        if (third.isAlive()) {
                            runtime.kill(third);
                            return Optional.of(third);
                        }
                        return Optional.empty();
                    });
            assertThatThrownBy(() -> notBack.call(new Ask())).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("retry shortly");
            assertThatThrownBy(() -> notBack.cast("anything")).isInstanceOf(ServiceUnavailableException.class);
        }
    }

    /**
     * A service's dynamic supervisor that exits between its lookup and a start is looked up again: the start goes
     * to its next incarnation, or the lookup's answer stands; never noproc.
     */
    @Test
    void aDynamicSupervisorGoneBetweenItsLookupAndAStart_isLookedUpAgain() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            DynamicSupervisorSpec spec = DynamicSupervisorSpec.withMaxChildren(10);
            Pid first = DynamicSupervisor.start(runtime, spec, StartOptions.DEFAULTS).pid();
            Pid second = DynamicSupervisor.start(runtime, spec, StartOptions.DEFAULTS).pid();
            Deque<Pid> lookups = new ArrayDeque<>(List.of(first, second));
            DynamicSupervisor supervisor = DynamicSupervisor.lookedUp(() -> {
                Pid found = lookups.poll();
                if (found == first) {
                    runtime.kill(first); // after its lookup, before the start
                }
                if (found == null) {
                    throw ServiceUnavailableException.notRunning("things-supervisor");
                }
                return found;
            });
            RegisteredProcesses things = new RegisteredProcesses(supervisor, Registry.create("things"), "things",
                    () -> new Answering("thing"), new TimedOutCalls(Clock.systemUTC()));

            String key = things.create(() -> new Answering("thing"));

            assertThat(things.call(key, new Ask())).isEqualTo("thing");
            assertThat(DynamicSupervisor.of(second).countChildren().active()).as("started by the second").isOne();
            lookups.add(first); // dead now: its start fails noproc, and the next lookup finds nothing
            assertThatThrownBy(() -> things.create(() -> new Answering("thing")))
                    .isInstanceOf(ServiceUnavailableException.class);
        }
    }

    /**
     * While a service's dynamic supervisor is not there (restarting, or stopped with the tree), a key without a
     * process says nothing of the key: a read of it and a cast are refused 503 as a start is, not answered as for
     * a key never used (404), and a list of keys is refused as they are, not answered as if there were none.
     */
    @Test
    void withoutItsSupervisor_aKeyWithoutAProcess_isUnavailable_notUnknown() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid supervisorPid = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS).pid();
            DynamicSupervisor supervisor = DynamicSupervisor.lookedUp(() -> {
                if (!supervisorPid.isAlive()) {
                    throw ServiceUnavailableException.stopped("things-supervisor");
                }
                return supervisorPid;
            });
            Registry registry = Registry.create("things");
            RegisteredProcesses things = new RegisteredProcesses(supervisor, registry, "things",
                    () -> new Answering("thing"), new TimedOutCalls(Clock.systemUTC()));
            String key = things.create(() -> new Answering("thing"));
            assertThatThrownBy(() -> things.call("never-used", new Ask())).as("while it is there")
                    .isInstanceOf(NoProcessException.class);
            assertThat(registry.whereis("never-used")).isEmpty();

            Pid child = registry.whereis(key).orElseThrow();
            runtime.kill(supervisorPid);
            await().until(() -> !child.isAlive()); // its child goes with it, on the exit signal of their link

            assertThatThrownBy(() -> things.call(key, new Ask())).isInstanceOf(ServiceUnavailableException.class);
            assertThatThrownBy(() -> things.cast("never-used", "report"))
                    .isInstanceOf(ServiceUnavailableException.class);
            assertThatThrownBy(() -> things.stop(key)).isInstanceOf(ServiceUnavailableException.class);
            assertThatThrownBy(() -> things.keys(null, 10)).isInstanceOf(ServiceUnavailableException.class);
        }
    }

    @Test
    void aStop_saysInTheLogHowManyProcessesItStops_andWhenTheyAreStopped() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            ProcessTree tree = ProcessTrees.in(runtime);
            tree.startChild(ChildSpec.permanent("idle", Idle::new));
            int processes = runtime.count(); // the root, and its child

            tree.start();
            tree.stop();

            assertThat(log.messages()).hasSize(2);
            assertThat(log.messages().getFirst()).isEqualTo("Stopping the process tree: " + processes
                    + " processes, newest first");
            assertThat(log.messages().getLast()).startsWith("Process tree stopped in ").endsWith(" ms");
            assertThat(runtime.count()).isZero();
        }
    }
}
