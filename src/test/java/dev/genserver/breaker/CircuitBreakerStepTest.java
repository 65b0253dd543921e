package dev.genserver.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.breaker.CircuitBreakerServer.Report;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Step;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The breaker run outside any process, as cluster mode runs it ({@link Step}s against a state held elsewhere): no
 * timers, and every transition made lazily by the next message, at the time it was due.
 */
class CircuitBreakerStepTest {

    private static final Duration OPEN = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final CircuitBreakerServer module = new CircuitBreakerServer(3, OPEN, IDLE, clock);
    private BreakerState state = Step.init(module);

    @Test
    void anOpenBreaker_turnsHalfOpen_onTheFirstMessageOnceItsOpenTimeoutIsOver() {
        openIt();
        clock.advance(OPEN.minusMillis(1));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, Duration.ofMillis(1)));

        clock.advance(Duration.ofMillis(1));

        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));
        assertThat(state.timer).isNull();
    }

    @Test
    void aTrialThatNeverReports_reopensAtItsDeadline_andTheOpenPeriodCountsFromThere() {
        openIt();
        clock.advance(OPEN);
        acquire(); // the trial, out until t = 2 × OPEN

        clock.advance(OPEN.plusSeconds(10)); // t = 2 × OPEN + 10 s: re-opened 10 s ago

        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, OPEN.minusSeconds(10)));
        clock.advance(OPEN.minusSeconds(10));
        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
    }

    @Test
    void severalOverdueTransitions_areMadeInOrder_byOneMessage() {
        openIt();
        clock.advance(OPEN);
        acquire();

        clock.advance(OPEN.multipliedBy(5)); // trial expired, re-opened, and that open period is over too

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.HALF_OPEN, 3));
        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));
    }

    @Test
    void aReportAfterTheOpenTimeout_isTheHalfOpenPhasesVerdict() {
        openIt();
        clock.advance(OPEN);

        report(Report.SUCCESS);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.CLOSED, 0));
    }

    /**
     * Cluster mode has no idle timer: the step says when the breaker, left alone, stops, and whether it would stop
     * then ({@code handleInfo} of the timeout on the step's state, as the replica asks it at the message's time).
     * The time is that of a breaker run as a process: the idle timeout, counted from when it admits calls again.
     */
    @Test
    void eachStep_saysWhenTheBreakerLeftAloneIsForgotten_andThatItStopsNormallyThen() {
        Step<BreakerState> counted = Step.cast(module, Report.FAILURE, state);
        assertThat(counted.idleTimeout()).isEqualTo(IDLE);
        assertThat(stopsOnIdleTimeout(counted)).isTrue();

        openIt();
        clock.advance(Duration.ofSeconds(10));
        Step<BreakerState> open = Step.call(module, new CircuitBreakerServer.Status(), state);
        assertThat(open.idleTimeout()).as("the rest of the open period, then the idle timeout")
                .isEqualTo(OPEN.minusSeconds(10).plus(IDLE));
        assertThat(stopsOnIdleTimeout(open)).isTrue();

        clock.advance(OPEN);
        state = Step.call(module, new CircuitBreakerServer.Acquire(), state).state(); // the trial, out for OPEN
        Step<BreakerState> trialOut = Step.call(module, new CircuitBreakerServer.Status(), state);
        assertThat(trialOut.idleTimeout()).as("the trial's time, the open period it re-opens for, the idle timeout")
                .isEqualTo(OPEN.plus(OPEN).plus(IDLE));
        assertThat(stopsOnIdleTimeout(trialOut)).isTrue();
    }

    /**
     * A breaker that will refuse calls for longer than OTP's longest timeout (a trial out, and open timeouts of 30
     * days) asks for no idle timeout at all: a timeout cut to 49.7 days would forget it while it still refuses.
     */
    @Test
    void aBreakerRefusingCallsForLongerThanTheLongestTimeout_asksForNoIdleTimeout() {
        CircuitBreakerServer monthly = new CircuitBreakerServer(1, Duration.ofDays(30), IDLE, clock);
        BreakerState opened = Step.cast(monthly, Report.FAILURE, Step.init(monthly)).state();
        assertThat(Step.call(monthly, new CircuitBreakerServer.Status(), opened).idleTimeout())
                .as("admitting again in 30 days, then the idle timeout").isEqualTo(Duration.ofDays(30).plus(IDLE));

        clock.advance(Duration.ofDays(30));
        Step<BreakerState> trialOut = Step.call(monthly, new CircuitBreakerServer.Acquire(), opened);

        assertThat(trialOut.reply()).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));
        assertThat(trialOut.idleTimeout()).as("60 days until it admits calls again").isNull();
    }

    private boolean stopsOnIdleTimeout(Step<BreakerState> step) {
        ExitReason stop = Step.info(module, IdleTimeout.INSTANCE, step.state()).stop();
        return stop != null && !stop.isAbnormal();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            report(Report.FAILURE);
        }
        assertThat(status().phase()).isEqualTo(Phase.OPEN);
    }

    private void report(Report report) {
        state = Step.cast(module, report, state).state();
    }

    private Permit acquire() {
        return call(new CircuitBreakerServer.Acquire());
    }

    private BreakerStatus status() {
        return call(new CircuitBreakerServer.Status());
    }

    @SuppressWarnings("unchecked")
    private <R> R call(Call<R> request) {
        Step<BreakerState> step = Step.call(module, request, state);
        state = step.state();
        return (R) step.reply();
    }
}
