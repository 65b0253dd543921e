package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;
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
}
