package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The application's tree: a service's dynamic supervisor keeps working after the root restarts it. */
class ProcessTreeTest {

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
}
