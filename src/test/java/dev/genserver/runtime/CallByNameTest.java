package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code GenServer.call(Counter, :increment)} and {@code GenServer.cast/2} by name, local and via a registry:
 * the name is looked up at each call, a free name is {@code :noproc} for a call and a silent drop for a cast.
 */
class CallByNameTest {

    private static final Name COUNTER = Name.local("counter");

    private final ManualTimers timers = new ManualTimers();
    private final Registry stacks = Registry.create("stacks");
    private final Fixtures.Exits exits = new Fixtures.Exits();

    @Test
    void call_byLocalName_reachesTheHolder() {
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe(), StartOptions.named(COUNTER));

            assertThat(runtime.call(COUNTER, new Probe.Add(2))).isEqualTo(2L);
            assertThat(runtime.call(COUNTER, new Probe.Add(3), Fixtures.PATIENCE)).isEqualTo(5L);
            assertThat(runtime.call("counter", new Probe.Add(4))).isEqualTo(9L);
            assertThat(runtime.call("counter", new Probe.Get(), Fixtures.PATIENCE)).isEqualTo(9L);
        }
    }

    @Test
    void call_byViaName_reachesTheHolder() {
        Name seven = Name.via(stacks, 7);
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe(), StartOptions.named(seven));

            assertThat(runtime.call(seven, new Probe.Add(2))).isEqualTo(2L);
            assertThat(runtime.call(Name.via(stacks, 7), new Probe.Get(), Fixtures.PATIENCE)).isEqualTo(2L);
        }
    }

    @Test
    void call_toAFreeName_isNoproc_namingTheName() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.call("nobody", new Probe.Get()))
                    .isInstanceOfSatisfying(NoProcessException.class, e -> {
                        assertThat(e.target()).isEqualTo("nobody");
                        assertThat(e.error()).isEqualTo("noproc");
                    });
            assertThatThrownBy(() -> runtime.call(Name.via(stacks, 7), new Probe.Get(), Fixtures.PATIENCE))
                    .isInstanceOfSatisfying(NoProcessException.class,
                            e -> assertThat(e.target()).isEqualTo("stacks:7"));
        }
    }

    @Test
    void call_toANameWhoseHolderStopped_isNoproc() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(COUNTER));
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThatThrownBy(() -> runtime.call(COUNTER, new Probe.Get())).isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void call_byName_withATimeout_timesOutAsACallToThePidDoes() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(COUNTER));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(20));
            assertThatThrownBy(() -> runtime.call(COUNTER, new Probe.Get(), Duration.ofMillis(20)))
                    .isInstanceOfSatisfying(CallTimeoutException.class, e -> assertThat(e.pid()).isSameAs(pid));
            block.release().countDown();
        }
    }

    @Test
    void call_byName_reachesTheRestartedProcess() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(
                    ChildSpec.permanent("counter", Probe::new).withOptions(StartOptions.named(COUNTER))),
                    StartOptions.DEFAULTS);
            Pid first = runtime.whereis(COUNTER).orElseThrow();
            assertThat(runtime.call(COUNTER, new Probe.Add(5))).isEqualTo(5L);

            assertThatThrownBy(() -> first.call(new Probe.Boom("restart me")))
                    .isInstanceOf(ProcessExitException.class);
            exits.await(first);
            supervisor.children(); // handled after the exit, so after the restart

            assertThat(runtime.call(COUNTER, new Probe.Add(1))).as("the new process, with fresh state").isEqualTo(1L);
            assertThat(runtime.whereis(COUNTER)).get().isNotSameAs(first);
        }
    }

    @Test
    void cast_byName_isHandled() {
        Name seven = Name.via(stacks, 7);
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe(), StartOptions.named(COUNTER));
            runtime.start(new Probe(), StartOptions.named(seven));

            runtime.cast(COUNTER, 5L);
            runtime.cast("counter", 6L);
            runtime.cast(seven, 7L);

            assertThat(runtime.call(COUNTER, new Probe.Get())).isEqualTo(11L);
            assertThat(runtime.call(seven, new Probe.Get())).isEqualTo(7L);
        }
    }

    @Test
    void cast_toAFreeName_isDroppedSilently() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(COUNTER));
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThatNoException().isThrownBy(() -> {
                runtime.cast(COUNTER, 1L);
                runtime.cast("nobody", 1L);
                runtime.cast(Name.via(stacks, 7), 1L);
            });
            assertThatThrownBy(() -> pid.cast(1L)).as("unlike a cast to a dead pid")
                    .isInstanceOf(NoProcessException.class);
        }
    }

    /** {@code Name ! Message}: delivered to the holder; a free name fails, as erlang's send raises badarg. */
    @Test
    void send_byName_reachesTheHolder_andAFreeNameIsNoproc() {
        Name seven = Name.via(stacks, 7);
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe("counter", events), StartOptions.named(COUNTER));
            runtime.start(new Probe("seven", events), StartOptions.named(seven));

            runtime.send("counter", "to the counter");
            runtime.send(seven, "to seven");

            runtime.call(COUNTER, new Probe.Get()); // each handled its info before this call
            runtime.call(seven, new Probe.Get());
            assertThat(events).containsExactlyInAnyOrder(new Probe.Info("counter", "to the counter"),
                    new Probe.Info("seven", "to seven"));
            assertThatThrownBy(() -> runtime.send(Name.local("nobody"), 1L))
                    .isInstanceOfSatisfying(NoProcessException.class, e -> assertThat(e.target()).isEqualTo("nobody"));
            assertThatThrownBy(() -> runtime.send(Name.via(stacks, 8), 1L)).isInstanceOf(NoProcessException.class);
        }
    }

    /**
     * A send by name to a holder that has exited but still holds the name (B, killed by its link to A, while A's
     * exit is announced and B's waits behind it) is dropped, not noproc: erlang frees a registered name only late in
     * the exit ({@code erl_process.c}, {@code ERTS_CONTINUE_EXIT_FREE}), so {@code Name ! Message} finds the process
     * until then and the message is lost with it; only a free name is {@code badarg}.
     */
    @Test
    void send_toAHolderWhoseExitIsStillBeingAnnounced_isDropped_notNoproc() {
        AtomicReference<ProcessRuntime> runtimeRef = new AtomicReference<>();
        AtomicReference<Pid> aRef = new AtomicReference<>();
        AtomicReference<Pid> bRef = new AtomicReference<>();
        CompletableFuture<String> inAsExit = new CompletableFuture<>();
        RuntimeListener sendingToB = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                if (pid.equals(aRef.get())) {
                    Throwable failed = catchThrowable(() -> runtimeRef.get().send("b", "late"));
                    inAsExit.complete("b alive " + bRef.get().isAlive() + ", send threw " + failed);
                }
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(sendingToB))) {
            runtimeRef.set(runtime);
            Pid a = runtime.start(new Probe());
            aRef.set(a);
            GenServer<Long> linkedToA = () -> {
                Self.link(a);
                return Init.ok(0L);
            };
            bRef.set(runtime.start(linkedToA, StartOptions.named(Name.local("b"))));

            runtime.kill(a);

            assertThat(inAsExit).succeedsWithin(Fixtures.PATIENCE).isEqualTo("b alive false, send threw null");
            assertThat(runtime.whereis("b")).isEmpty();
            assertThatThrownBy(() -> runtime.send("b", "now free")).isInstanceOf(NoProcessException.class);
        }
    }

    /** {@code GenServer.stop(name, reason, timeout)}: the holder stops; a free name is noproc. */
    @Test
    void stop_byName_stopsTheHolder_andAFreeNameIsNoproc() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(COUNTER));
            Pid seven = runtime.start(new Probe(), StartOptions.named(Name.via(stacks, 7)));

            runtime.stop("counter", ExitReason.NORMAL, Fixtures.PATIENCE);
            runtime.stop(Name.via(stacks, 7), ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThat(pid.isAlive()).isFalse();
            assertThat(seven.isAlive()).isFalse();
            assertThat(runtime.whereis(COUNTER)).isEmpty();
            assertThatThrownBy(() -> runtime.stop(COUNTER, ExitReason.NORMAL, Fixtures.PATIENCE))
                    .isInstanceOfSatisfying(NoProcessException.class,
                            e -> assertThat(e.target()).isEqualTo("counter"));
        }
    }
}
