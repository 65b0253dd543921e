package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * No process outlives its parent. gen_server's loop treats an {@code 'EXIT'} from its parent specially: a server
 * that traps exits terminates with the parent's reason ({@code terminate/2} runs); one that does not is ended
 * by the signal itself; a supervisor is a trapping gen_server, so it dies with its parent and stops its own
 * children first.
 */
class ParentExitTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void killingTheRoot_endsANestedSupervisor_itsWorker_andATrappingWorker() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(Supervisor.childSpec("nested", SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                            .withChild(ChildSpec.permanent("worker", () -> new Probe("worker", events))),
                            StartOptions.DEFAULTS))
                    .withChild(ChildSpec.permanent("trapper", () -> new Probe("trapper", events))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))),
                    StartOptions.DEFAULTS);
            Pid nestedPid = root.child("nested").orElseThrow();
            Pid worker = Supervisor.of(nestedPid).child("worker").orElseThrow();
            Pid trapper = root.child("trapper").orElseThrow();

            runtime.kill(root.pid());

            for (Pid pid : List.of(nestedPid, worker, trapper)) {
                exits.await(pid);
                assertThat(pid.isAlive()).as(pid + " outlived its parent").isFalse();
            }
            assertThat(exits.await(trapper)).isEqualTo(ExitReason.KILLED);
            assertThat(events).as("a trapping worker terminates with its parent's reason")
                    .contains(new Probe.Terminated("trapper", ExitReason.KILLED, 0L));
            // shutdown, not the nested supervisor's own killed through their link: it was shut down first, and
            // without terminate, as it does not trap exits
            assertThat(exits.await(worker)).as("the nested supervisor shut its worker down before it went")
                    .isEqualTo(ExitReason.SHUTDOWN);
            assertThat(events).noneMatch(event -> event instanceof Probe.Terminated ended
                    && ended.label().equals("worker"));
            assertThat(runtime.count()).isZero();
        }
    }

    @Test
    void aTrappingProcess_getsExitsFromOtherLinks_asMessages_andLivesOn() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("trapper", () -> new Probe("trapper", events))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))),
                    StartOptions.DEFAULTS);
            Pid trapper = root.child("trapper").orElseThrow();

            runtime.kill(Fixtures.startLinked(runtime, new Probe("stranger", events), StartOptions.DEFAULTS, trapper));

            Exit exit = Fixtures.takeInfo(events, Exit.class);
            assertThat(exit.reason()).isEqualTo(ExitReason.KILLED);
            assertThat(trapper.isAlive()).isTrue();
            assertThat(runtime.info(trapper).restarts()).isZero();
        }
    }
}
