package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A timeout longer than a {@code long} of nanoseconds holds (about 292 years), such as
 * {@code ChronoUnit.FOREVER.getDuration()}, is accepted where any non-negative one is, and waits as OTP's
 * {@code infinity}: a deadline computed from it overflowed, so a call or a stop threw {@link ArithmeticException}
 * after its message had gone out, and a supervisor stopping a child with such a shutdown crashed.
 */
class LongTimeoutsTest {

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    @Test
    void callsAndWaits_withATimeoutBeyondNanoseconds_waitAsForInfinity() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid pid = runtime.start(new Probe());

            assertThat(pid.call(new Probe.Add(1), FOREVER)).isEqualTo(1L);
            assertThat(Fixtures.join(pid.callAsync(new Probe.Add(1), FOREVER))).isEqualTo(2L);
            assertThat(pid.sendRequest(new Probe.Add(1)).await(FOREVER)).isEqualTo(3L);
            assertThat(runtime.status(pid, FOREVER)).isNotNull();

            runtime.stop(pid, ExitReason.NORMAL, FOREVER);
            assertThat(pid.isAlive()).isFalse();
        }
    }

    @Test
    void aChildWithAShutdownBeyondNanoseconds_isStopped_andItsSupervisorLivesOn() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, FOREVER)
                    .withChild(ChildSpec.permanent("c", Probe::new).withShutdown(FOREVER)), StartOptions.DEFAULTS);
            Pid child = supervisor.child("c").orElseThrow();

            assertThat(supervisor.terminateChild("c")).isTrue();

            assertThat(child.isAlive()).isFalse();
            assertThat(supervisor.pid().isAlive()).isTrue();
        }
    }
}
