package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The process list (paged), one process's info, and its state as formatStatus renders it. */
class IntrospectionTest {

    private final ManualTimers timers = new ManualTimers();

    @Test
    void processes_arePagedInStartOrder() {
        try (ProcessRuntime runtime = runtime(timers)) {
            List<Pid> pids = List.of(runtime.start(new Probe()), runtime.start(new Probe()),
                    runtime.start(new Probe()), runtime.start(new Probe()), runtime.start(new Probe()));

            List<ProcessInfo> first = runtime.processes(0, 2);
            List<ProcessInfo> second = runtime.processes(first.getLast().pid().id(), 2);
            List<ProcessInfo> third = runtime.processes(second.getLast().pid().id(), 2);
            List<ProcessInfo> past = runtime.processes(third.getLast().pid().id(), 2);

            assertThat(first).extracting(ProcessInfo::pid).containsExactly(pids.get(0), pids.get(1));
            assertThat(second).extracting(ProcessInfo::pid).containsExactly(pids.get(2), pids.get(3));
            assertThat(third).extracting(ProcessInfo::pid).containsExactly(pids.get(4));
            assertThat(past).isEmpty();
        }
    }

    @Test
    void processes_leaveOutExitedOnes() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid gone = runtime.start(new Probe());
            Pid stays = runtime.start(new Probe());
            runtime.kill(gone);

            assertThat(runtime.processes(0, 10)).extracting(ProcessInfo::pid).containsExactly(stays);
        }
    }

    @Test
    void processes_withLimitBelowOne_isRejectedNamingTheValue() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.processes(0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0");
        }
    }

    @Test
    void info_showsNameServiceStatusMailboxProcessedAndStart() {
        MutableClock clock = MutableClock.startingAt("2025-01-02T03:04:05Z");
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withClock(clock))) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(Name.local("worker")).withService("workers"));
            pid.call(new Probe.Add(1));
            pid.call(new Probe.Add(1));

            ProcessInfo idle = runtime.info(pid);
            assertThat(idle.pid()).isSameAs(pid);
            assertThat(idle.name()).isEqualTo("worker");
            assertThat(idle.service()).isEqualTo("workers");
            assertThat(idle.status()).isEqualTo("waiting");
            assertThat(idle.mailbox()).isZero();
            assertThat(idle.processed()).isEqualTo(2);
            assertThat(idle.restarts()).isZero();
            assertThat(idle.supervisor()).isNull();
            assertThat(idle.startedAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));

            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            pid.cast(1L);
            pid.cast(1L);
            ProcessInfo busy = runtime.info(pid);
            assertThat(busy.status()).isEqualTo("running");
            assertThat(busy.mailbox()).isEqualTo(2);
            block.release().countDown();

            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);
            assertThat(runtime.info(pid).status()).isEqualTo("dead");
        }
    }

    /** A server whose state holds a secret that introspection must not show. */
    @Test
    void status_showsTheStateAsFormatStatusRendersIt() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Vault());

            pid.cast("operator");

            assertThat(runtime.status(pid, Fixtures.PATIENCE))
                    .as("read after the queued cast, redacted")
                    .isEqualTo(Map.of("user", "operator", "password", "***"));
        }
    }

    @Test
    void status_byDefault_isTheStateItself() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            pid.cast(41L);

            assertThat(runtime.status(pid, Fixtures.PATIENCE)).isEqualTo(41L);
        }
    }

    @Test
    void status_ofADeadProcess_failsWithNoProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            assertThatThrownBy(() -> runtime.status(pid, Fixtures.PATIENCE)).isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void status_ofABlockedProcess_timesOut() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> runtime.status(pid, Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            block.release().countDown();
        }
    }

    @Test
    void info_ofARestartedChild_showsRestartsAndSupervisor() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("w", Probe::new)), StartOptions.DEFAULTS);
            Pid first = supervisor.child("w").orElseThrow();
            assertThatThrownBy(() -> first.call(new Probe.Boom("x"))).isInstanceOf(ProcessExitException.class);
            exits.await(first);

            ProcessInfo info = runtime.info(supervisor.child("w").orElseThrow());

            assertThat(info.restarts()).isEqualTo(1);
            assertThat(info.supervisor()).isEqualTo(supervisor.pid().toString());
        }
    }

    @Test
    void status_whenFormatStatusThrows_reportsTheFailure_andTheProcessLivesOn() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", new LinkedBlockingQueue<>(), 7) {
                @Override
                public Object formatStatus(Long state) {
                    throw new IllegalStateException("secret " + state);
                }
            });

            Object status = runtime.status(pid, Fixtures.PATIENCE);

            assertThat(status).isEqualTo(new StatusFormatFailed(IllegalStateException.class.getName()));
            assertThat(pid.isAlive()).isTrue();
            assertThat(pid.call(new Probe.Get())).as("its state untouched").isEqualTo(7);
        }
    }

    /** gen.erl's {@code format_status} catches every class of failure ({@code catch _:_}), an error too. */
    @Test
    void status_whenFormatStatusThrowsAnError_reportsTheFailure_andTheProcessLivesOn() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", new LinkedBlockingQueue<>(), 7) {
                @Override
                public Object formatStatus(Long state) {
                    throw new AssertionError("secret " + state);
                }
            });

            assertThat(runtime.status(pid, Fixtures.PATIENCE))
                    .isEqualTo(new StatusFormatFailed(AssertionError.class.getName()));
            assertThat(pid.isAlive()).isTrue();
        }
    }
}
