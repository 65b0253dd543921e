package dev.genserver.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.breaker.CircuitBreakerServer.Report;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every transition of the breaker, driven by manual runtime timers (the {@code sendAfter} timers) and a manual
 * wall clock (for {@code Retry-After}), moved together. A call after a timer fires is handled after the timer's
 * message, so each assertion sees its effect.
 */
class CircuitBreakerServerTest {

    private static final Duration OPEN = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMinutes(10);
    /** An idle timeout much shorter than the open timeout, where forgetting an open breaker would show. */
    private static final Duration SHORT_IDLE = Duration.ofSeconds(1);

    private final ManualTimers timers = new ManualTimers();
    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers));
    private final Pid breaker = runtime.start(new CircuitBreakerServer(3, OPEN, IDLE, clock));

    @AfterEach
    void close() {
        runtime.close();
    }

    /** Names must not use up max-names for good: a breaker left alone for the idle timeout stops. */
    @Test
    void aBreakerLeftAlone_stopsAfterTheIdleTimeout_failuresAndAll() {
        Pid counting = runtime.start(new CircuitBreakerServer(3, OPEN, IDLE, clock));
        counting.cast(CircuitBreakerServer.Report.FAILURE);
        breaker.call(new CircuitBreakerServer.Acquire());
        Mailboxes.awaitHandled(runtime, counting);

        settle(IDLE.minusMillis(1), breaker, counting);
        assertThat(breaker.isAlive()).isTrue();
        assertThat(counting.isAlive()).isTrue();
        settle(Duration.ofMillis(1), breaker, counting);

        assertThat(breaker.isAlive()).as("closed, no failure: stopped").isFalse();
        assertThat(counting.isAlive()).as("closed, one failure counted: stopped too").isFalse();
    }

    /**
     * Forgetting an open breaker must not admit a call sooner than the breaker would: with an idle timeout much
     * shorter than the open timeout, it lives through the open period, half-opens, and only then idles out.
     */
    @Test
    void anOpenBreakerLeftAlone_outlivesItsOpenPeriod_andStopsTheIdleTimeoutAfterHalfOpening() {
        Pid quick = openQuickBreaker();

        settle(OPEN.minusMillis(1), quick);
        assertThat(quick.isAlive()).as("open: refusing calls, so remembered").isTrue();
        settle(Duration.ofMillis(1), quick); // the half-open timer

        assertStopsExactlyAfterTheShortIdleTimeout(quick);
    }

    /** A trial out, then the open period it re-opens the breaker for if it never reports: remembered through both. */
    @Test
    void aBreakerWithATrialOut_outlivesTheTrialAndTheReopenedPeriod_andStopsTheIdleTimeoutAfter() {
        Pid quick = openQuickBreaker();
        settle(OPEN, quick);
        assertThat(quick.call(new CircuitBreakerServer.Acquire())).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));

        settle(OPEN.minusMillis(1), quick);
        assertThat(quick.isAlive()).as("a trial out: remembered").isTrue();
        settle(Duration.ofMillis(1), quick); // the trial's timer: open again, for OPEN
        settle(OPEN.minusMillis(1), quick);
        assertThat(quick.isAlive()).as("re-opened: remembered").isTrue();
        settle(Duration.ofMillis(1), quick); // the half-open timer

        assertStopsExactlyAfterTheShortIdleTimeout(quick);
    }

    @Test
    void closed_admitsCalls_andCountsConsecutiveFailures() {
        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.CLOSED));
        report(Report.FAILURE);
        report(Report.FAILURE);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.CLOSED, 2));
        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.CLOSED));
    }

    @Test
    void successWhileClosed_resetsTheFailureCount() {
        report(Report.FAILURE);
        report(Report.FAILURE);
        report(Report.SUCCESS);
        report(Report.FAILURE);
        report(Report.FAILURE);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.CLOSED, 2));
    }

    @Test
    void thresholdFailures_openTheBreaker_andAcquireIsRefusedUntilHalfOpen() {
        openIt();

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.OPEN, 3));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, OPEN));
        advance(Duration.ofMillis(10_500));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, Duration.ofMillis(19_500)));
        assertThat(timers.pending()).as("the half-open timer, beside the idle check set at start").isEqualTo(2);
    }

    @Test
    void reportsWhileOpen_areLateAnswers_andIgnored() {
        openIt();

        report(Report.SUCCESS);
        report(Report.FAILURE);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.OPEN, 3));
    }

    @Test
    void openTimerFiring_turnsTheBreakerHalfOpen() {
        openIt();

        advance(OPEN.minusMillis(1));
        assertThat(status().phase()).isEqualTo(Phase.OPEN);
        advance(Duration.ofMillis(1));

        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
    }

    @Test
    void halfOpen_admitsOneTrial_andRefusesOthersWithRetryAfterOneSecond() {
        halfOpenIt();

        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.HALF_OPEN, Duration.ofSeconds(1)));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.HALF_OPEN, Duration.ofSeconds(1)));
    }

    @Test
    void trialSuccess_closesTheBreaker_withNoFailures_andCancelsTheTrialTimer() {
        halfOpenIt();
        acquire();

        report(Report.SUCCESS);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.CLOSED, 0));
        assertThat(timers.pending()).as("the idle check set at start alone: the trial timer is gone").isEqualTo(1);
        advance(OPEN.multipliedBy(3));
        assertThat(status()).isEqualTo(new BreakerStatus(Phase.CLOSED, 0));
    }

    @Test
    void trialFailure_reopensTheBreaker_forAnotherFullOpenTimeout() {
        halfOpenIt();
        acquire();

        report(Report.FAILURE);

        assertThat(status()).isEqualTo(new BreakerStatus(Phase.OPEN, 4));
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, OPEN));
        advance(OPEN);
        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
    }

    @Test
    void trialThatNeverReports_reopensTheBreakerAfterTheOpenTimeout() {
        halfOpenIt();
        acquire();

        advance(OPEN.minusMillis(1));
        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
        advance(Duration.ofMillis(1));

        assertThat(status().phase()).isEqualTo(Phase.OPEN);
        assertThat(acquire()).isEqualTo(new Permit.Refused(Phase.OPEN, OPEN));
    }

    @Test
    void halfOpenWithoutATrial_staysHalfOpen_untilSomeoneAcquires() {
        halfOpenIt();

        advance(OPEN.multipliedBy(5)); // well within the idle timeout

        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(acquire()).isEqualTo(new Permit.Admitted(Phase.HALF_OPEN));
    }

    @Test
    void staleTimer_fromAnEarlierPhase_isIgnored() {
        halfOpenIt();
        acquire();
        report(Report.SUCCESS); // closed, generation moved on
        openIt();               // open again, with a new half-open timer

        // timer messages of earlier generations arrive anyway (cancel lost the race with firing):
        // generation 1 was the first open phase, 2 the first half_open one; the breaker is now in 4
        breaker.send(new CircuitBreakerServer.HalfOpenDue(1));
        breaker.send(new CircuitBreakerServer.TrialExpired(2));

        assertThat(status().phase()).isEqualTo(Phase.OPEN);
        advance(OPEN);
        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            report(Report.FAILURE);
        }
        assertThat(status().phase()).isEqualTo(Phase.OPEN);
    }

    private void halfOpenIt() {
        openIt();
        advance(OPEN);
        assertThat(status().phase()).isEqualTo(Phase.HALF_OPEN);
    }

    private void advance(Duration duration) {
        clock.advance(duration);
        timers.advance(duration);
    }

    /** A breaker with the short idle timeout, opened by failures just now: it refuses calls for OPEN from here. */
    private Pid openQuickBreaker() {
        Pid quick = runtime.start(new CircuitBreakerServer(3, OPEN, SHORT_IDLE, clock));
        for (int i = 0; i < 3; i++) {
            quick.cast(Report.FAILURE);
        }
        Mailboxes.awaitHandled(runtime, quick);
        return quick;
    }

    private void assertStopsExactlyAfterTheShortIdleTimeout(Pid quick) {
        settle(SHORT_IDLE.minusMillis(1), quick);
        assertThat(quick.isAlive()).isTrue();
        settle(Duration.ofMillis(1), quick);
        assertThat(quick.isAlive()).isFalse();
    }

    /** {@link #advance}, then waits until each of {@code breakers} has handled what that sent it (timers). */
    private void settle(Duration duration, Pid... breakers) {
        advance(duration);
        for (Pid each : breakers) {
            Mailboxes.awaitHandled(runtime, each);
        }
    }

    private void report(Report report) {
        breaker.cast(report);
        status(); // a later call from this thread is handled after the cast, so the report has landed
    }

    private Permit acquire() {
        return breaker.call(new CircuitBreakerServer.Acquire());
    }

    private BreakerStatus status() {
        return breaker.call(new CircuitBreakerServer.Status());
    }
}
