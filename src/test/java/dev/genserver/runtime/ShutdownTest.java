package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Shutdown values (brutal_kill, a timeout, infinity), their defaults, and how runtime and supervisors obey them. */
class ShutdownTest {

    /**
     * For a process whose terminate a test waits for: a timeout or infinity bounds the stop a trapping process
     * takes, as a supervisor's shutdown ends one not trapping at once ({@code ShutdownConformanceTest}'s D).
     */
    private static final StartOptions TRAPPING = StartOptions.DEFAULTS.withTrapExits(true);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** A probe whose {@code terminate} records entering, waits (interruptibly) for {@code release}, then records. */
    private Probe slowToTerminate(String label, CountDownLatch release) {
        return new Probe(label, events) {
            @Override
            public void terminate(ExitReason reason, Long n) {
                events.add(label + " terminating");
                try {
                    release.await();
                    super.terminate(reason, n);
                } catch (InterruptedException e) {
                    events.add(new Probe.Interrupted(label));
                }
            }
        };
    }

    @Test
    void values_readAsInOtp_andATimeoutMustNotBeNegative() {
        assertThat(Shutdown.brutalKill()).hasToString("brutal_kill").isEqualTo(Shutdown.brutalKill());
        assertThat(Shutdown.timeout(Duration.ofSeconds(5))).hasToString("5000 ms");
        assertThat(Shutdown.infinity()).hasToString("infinity");
        assertThat(Shutdown.timeout(Duration.ZERO)).as("OTP allows 0").isEqualTo(Shutdown.timeout(Duration.ZERO));

        assertThatThrownBy(() -> Shutdown.timeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
        assertThat(ChildSpec.permanent("w", Probe::new).withShutdown(Duration.ofSeconds(2)).shutdown())
                .isEqualTo(Shutdown.timeout(Duration.ofSeconds(2)));
    }

    @Test
    void defaults_areFiveSecondsForAWorker_andInfinityForASupervisor() {
        assertThat(ChildSpec.permanent("w", Probe::new).shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
        assertThat(ChildSpec.temporary("w", Probe::new).shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
        assertThat(Supervisor.childSpec("sup", SupervisorSpec.of(Strategy.ONE_FOR_ONE), StartOptions.DEFAULTS)
                .shutdown()).isEqualTo(Shutdown.infinity());
        assertThat(DynamicSupervisor.childSpec("dyn", DynamicSupervisorSpec.withMaxChildren(1),
                StartOptions.DEFAULTS).shutdown()).isEqualTo(Shutdown.infinity());
    }

    /**
     * The public shutdown is no supervisor: a process that had exited already is fine and draws no report (only a
     * supervisor, linked to its child, finds such an exit waiting and reports it), while one that exits otherwise
     * than as it is shut down is reported, as a supervisor reports a {@code shutdown_error}.
     */
    @Test
    void shutdownOfAProcessThatHadExited_logsNothing_butAnotherExitAsItIsShutDown_isReported() {
        try (ProcessRuntime runtime = runtime(timers, exits);
                JulRecords log = JulRecords.of(ProcessRuntime.class)) {
            Pid stopped = runtime.start(new Probe("s", events));
            runtime.stop(stopped, ExitReason.NORMAL, Fixtures.PATIENCE);
            Pid crashed = runtime.start(new Probe("c", events));
            assertThatThrownBy(() -> crashed.call(new Probe.Boom("boom"))).isInstanceOf(ProcessExitException.class);
            Pid killed = runtime.start(new Probe("k", events));
            runtime.kill(killed);
            for (Pid pid : List.of(stopped, crashed, killed)) {
                runtime.shutdown(pid, Duration.ofSeconds(1));
                runtime.shutdown(pid, Shutdown.brutalKill());
            }
            assertThat(log.messages()).isEmpty();

            Pid raising = runtime.start(new Probe("r", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    throw new IllegalStateException("terminate of r");
                }
            }, TRAPPING);
            runtime.shutdown(raising, Duration.ofSeconds(1));
            assertThat(log.messages()).singleElement().asString().startsWith("shutdown_error: ")
                    .contains("exited crash(java.lang.IllegalStateException: terminate of r) as it was shut down");
        }
    }

    @Test
    void brutalKill_killsAtOnce_withoutRunningTerminate() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid pid = runtime.start(new Probe("p", events));

            runtime.shutdown(pid, Shutdown.brutalKill());

            assertThat(exits.await(pid)).isEqualTo(ExitReason.KILLED);
            assertThat(pid.isAlive()).isFalse();
            assertThat(events).isEmpty();
        }
    }

    /**
     * OTP 25, 200 runs each of {@code Supervisor.terminate_child} with {@code shutdown: 0}: a child that traps exits
     * is always {@code :killed}, one that does not always ends {@code :shutdown}, and {@code terminate} never runs.
     * An idle child's stop could otherwise run at once, before the deadline of 0 is looked at.
     */
    @Test
    void zero_endsTheChildAtOnce_withoutTerminate_killedIfItTrapsExits_shutdownIfNot() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("trapping", () -> new Probe("trapping", events))
                            .withShutdown(Duration.ZERO).withOptions(StartOptions.DEFAULTS.withTrapExits(true)))
                    .withChild(ChildSpec.permanent("plain", () -> new Probe("plain", events))
                            .withShutdown(Duration.ZERO)), StartOptions.DEFAULTS);
            for (int round = 0; round < 20; round++) {
                Pid trapping = child(supervisor, "trapping");
                Pid plain = child(supervisor, "plain");

                supervisor.terminateChild("trapping");
                supervisor.terminateChild("plain");

                assertThat(exits.await(trapping)).isEqualTo(ExitReason.KILLED);
                assertThat(exits.await(plain)).isEqualTo(ExitReason.SHUTDOWN);
                assertThat(events).as("no terminate ran").isEmpty();
                supervisor.restartChild("trapping");
                supervisor.restartChild("plain");
            }
        }
    }

    private static Pid child(Supervisor supervisor, String id) {
        return supervisor.children().stream().filter(child -> child.id().equals(id)).findFirst().orElseThrow().pid();
    }

    @Test
    void infinity_waitsForTerminate_pastTheDeadlineOfAChildStoppedAlongsideIt() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            ProcessCell limited = (ProcessCell) runtime.start(slowToTerminate("limited", never), TRAPPING);
            ProcessCell patient = (ProcessCell) runtime.start(slowToTerminate("patient", release), TRAPPING);
            Thread stopper = stopBoth(runtime, List.of(limited, patient), limited, Shutdown.infinity());
            assertThat(timers.awaitDueIn(Fixtures.KILLED_IN_TERMINATE, Fixtures.PATIENCE)).isTrue();
            timers.advance(Fixtures.KILLED_IN_TERMINATE);

            assertThat(exits.await(limited)).isEqualTo(ExitReason.KILLED);
            // The kill is reported without waiting for the interrupted terminate: it runs on as a zombie.
            Waiting.until("the killed child's terminate saw the interrupt",
                    () -> events.contains(new Probe.Interrupted("limited")));
            // Both were asked at the same moment, so the limited one's bound is over for the patient one too: a
            // stopper that still waits for it is one without a deadline.
            Waiting.until("the stopper waits for the patient child", () ->
                    stopper.getState() == Thread.State.WAITING
                            && LockSupport.getBlocker(stopper) instanceof PendingCall);
            assertThat(patient.isAlive()).isTrue();
            release.countDown();
            assertThat(stopper.join(Fixtures.PATIENCE)).as("the stopper returned").isTrue();

            assertThat(exits.await(patient)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(events).containsExactlyInAnyOrder("limited terminating", new Probe.Interrupted("limited"),
                    "patient terminating", new Probe.Terminated("patient", ExitReason.SHUTDOWN, 0L));
        }
    }

    /**
     * Stopped after a child of infinity, or of a longer bound, whose terminate is still running, a child of a
     * short bound is killed at its own deadline: dynamic_supervisor.ex's terminate_children arms a kill timer for
     * each before it waits for any, where waiting in the given order left it alive until the first had ended.
     */
    @Test
    void aShortBound_killsAtItsDeadline_aChildStoppedAfterOneOfInfinity() throws InterruptedException {
        killsAtItsDeadline_aChildStoppedAfter(Shutdown.infinity());
    }

    @Test
    void aShortBound_killsAtItsDeadline_aChildStoppedAfterOneOfALongerBound() throws InterruptedException {
        killsAtItsDeadline_aChildStoppedAfter(Shutdown.timeout(Duration.ofSeconds(10)));
    }

    /**
     * Stops {@code inOrder} with one {@code shutdownAll} on a thread of its own, {@code limited} by
     * {@link Fixtures#KILLED_IN_TERMINATE} and the other by {@code other}; returns once both are in terminate.
     */
    private Thread stopBoth(ProcessRuntime runtime, List<ProcessCell> inOrder, ProcessCell limited, Shutdown other) {
        Thread stopper = new Thread(() -> runtime.shutdownAll(inOrder,
                cell -> cell == limited ? Shutdown.timeout(Fixtures.KILLED_IN_TERMINATE) : other,
                (cell, reason, exitedBefore) -> reason.equals(ExitReason.SHUTDOWN)));
        stopper.start();
        Waiting.until("both are in terminate", () -> events.containsAll(List.of("limited terminating",
                "patient terminating")));
        return stopper;
    }

    private void killsAtItsDeadline_aChildStoppedAfter(Shutdown first) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            ProcessCell patient = (ProcessCell) runtime.start(slowToTerminate("patient", release), TRAPPING);
            ProcessCell limited = (ProcessCell) runtime.start(slowToTerminate("limited", never), TRAPPING);
            Thread stopper = stopBoth(runtime, List.of(patient, limited), limited, first);
            try {
                assertThat(timers.awaitDueIn(Fixtures.KILLED_IN_TERMINATE, Fixtures.PATIENCE))
                        .as("the short bound watched first").isTrue();

                timers.advance(Fixtures.KILLED_IN_TERMINATE);

                assertThat(exits.await(limited)).isEqualTo(ExitReason.KILLED);
                assertThat(patient.isAlive()).as("still in its terminate").isTrue();
                release.countDown();
                assertThat(stopper.join(Fixtures.PATIENCE)).as("the stopper returned").isTrue();
                assertThat(exits.await(patient)).isEqualTo(ExitReason.SHUTDOWN);
            } finally {
                never.countDown(); // a failing test's terminates end too, so that the runtime closes
                release.countDown();
            }
        }
    }

    @Test
    void supervisor_killsABrutalKillChild_andGivesTheOthersTheirTerminate() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("polite", () -> new Probe("polite", events)).withOptions(TRAPPING))
                    .withChild(ChildSpec.permanent("brutal", () -> new Probe("brutal", events))
                            .withShutdown(Shutdown.brutalKill())), StartOptions.DEFAULTS);
            Pid brutal = supervisor.child("brutal").orElseThrow();

            runtime.stop(supervisor.pid(), ExitReason.SHUTDOWN, Fixtures.PATIENCE);

            assertThat(exits.await(brutal)).isEqualTo(ExitReason.KILLED);
            assertThat(events).containsExactly(new Probe.Terminated("polite", ExitReason.SHUTDOWN, 0L));
        }
    }

    @Test
    void dynamicSupervisor_killsABrutalKillChild_andGivesTheOthersTheirTerminate() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(5),
                    StartOptions.DEFAULTS);
            supervisor.startChild(ChildSpec.temporary("polite", () -> new Probe("polite", events))
                    .withOptions(TRAPPING));
            Pid brutal = supervisor.startChild(ChildSpec.temporary("brutal", () -> new Probe("brutal", events))
                    .withShutdown(Shutdown.brutalKill()));

            runtime.stop(supervisor.pid(), ExitReason.SHUTDOWN, Fixtures.PATIENCE);

            assertThat(exits.await(brutal)).isEqualTo(ExitReason.KILLED);
            assertThat(events).containsExactly(new Probe.Terminated("polite", ExitReason.SHUTDOWN, 0L));
        }
    }
}
