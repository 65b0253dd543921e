package dev.genserver.breaker;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.Self;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One circuit breaker. Closed → open after {@code failureThreshold} consecutive failures; open → half_open when
 * the timer set on opening fires; half_open admits one trial, whose success closes and whose failure re-opens
 * the breaker; a trial that never reports re-opens it after {@code openTimeout}. The guide names circuit breakers as
 * a use case but gives no code; the Elixir beside the Java is how a GenServer would write this one.
 *
 * <pre>{@code
 * defp open(state) do                                          private void open(BreakerState s, Instant at) {
 *   ref = Process.send_after(self(), {:half_open, gen}, @t)        s.timer = Self.sendAfter(new HalfOpenDue(gen), t);
 *   %{state | phase: :open, gen: gen}                          }
 * end
 * def handle_info({:half_open, gen}, %{gen: gen} = s),         case HalfOpenDue due when current(due) -> halfOpen(s)
 *   do: {:noreply, %{s | phase: :half_open}}
 * def handle_info({:half_open, _stale}, s), do: {:noreply, s}  default: ignored
 * }</pre>
 *
 * <p>Timers, and what stands in for them. Each phase with an end keeps its end time in the state
 * ({@code openUntil}, {@code trialUntil}), and every message first makes the transitions whose time has come, at
 * the time each was due ({@link #catchUp}): lazily, from the (pinned) clock alone, so the same message on the same
 * state makes the same transitions on every replica. The {@code send_after} timers are armed only when the module
 * runs in a process ({@link Self#inProcess()}): there they still move the breaker on time with nobody asking, as
 * the Elixir's do, and one that fires after the lazy check made its transition is stale and ignored. Run as a
 * replicated process in cluster mode (a {@link dev.genserver.runtime.Step} on the key's owner), there is no
 * process to send a timer to: the breaker changes phase when it is next asked or told, which no client can tell
 * apart, since nothing but a message can observe the phase.
 *
 * <p>Reports carry no ticket, so in half_open any report decides, even one from a call admitted while the breaker
 * was still closed; in open, reports are late answers from calls admitted before it opened and are ignored.
 */
final class CircuitBreakerServer implements GenServer<BreakerState> {

    /** May a call proceed? */
    record Acquire() implements Call<Permit> { }

    /** The phase and failure count. */
    record Status() implements Call<BreakerStatus> { }

    /** The outcome of a call, reported by a cast. */
    enum Report { SUCCESS, FAILURE }

    /** Info: the open period set in {@code generation} is over. */
    record HalfOpenDue(long generation) { }

    /** Info: the trial admitted in {@code generation} has not reported within the open timeout. */
    record TrialExpired(long generation) { }

    /** What a second caller in half_open is told: the trial's outcome is usually near. */
    static final Duration TRIAL_RETRY = Duration.ofSeconds(1);

    private final int failureThreshold;
    private final Duration openTimeout;
    private final Duration idleTimeout;
    private final Clock clock;

    /**
     * @param idleTimeout how long a breaker is left alone, once it would admit a call again, before it stops and
     *                    forgets what it counted ({@link #next}), so that abandoned names do not pile up
     */
    CircuitBreakerServer(int failureThreshold, Duration openTimeout, Duration idleTimeout, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openTimeout = openTimeout;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    @Override
    public Init<BreakerState> init() {
        return Init.ok(new BreakerState(), Next.timeout(idleTimeout));
    }

    @Override
    public CallResult<BreakerState> handleCall(Call<?> request, From from, BreakerState state) {
        catchUp(state);
        return switch (request) {
            case Acquire acquire -> acquire.reply(acquire(state), state, next(state));
            case Status status -> status.reply(new BreakerStatus(state.phase, state.failures), state, next(state));
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    @Override
    public Result<BreakerState> handleCast(Object message, BreakerState state) {
        catchUp(state);
        return switch (message) {
            case Report report -> {
                report(report, state);
                yield Result.noreply(state, next(state));
            }
            default -> GenServer.super.handleCast(message, state);
        };
    }

    @Override
    public Result<BreakerState> handleInfo(Object message, BreakerState state) {
        catchUp(state);
        return switch (message) {
            case HalfOpenDue due -> {
                if (due.generation() == state.generation && state.phase == Phase.OPEN) {
                    enter(Phase.HALF_OPEN, state);
                }
                yield Result.noreply(state, next(state));
            }
            case TrialExpired expired -> {
                if (expired.generation() == state.generation && state.phase == Phase.HALF_OPEN && state.trialOut) {
                    open(state, state.trialUntil);
                }
                yield Result.noreply(state, next(state));
            }
            // next() asks for no timeout that ends before the breaker admits calls again (see its cap)
            case IdleTimeout timeout -> Result.stop(ExitReason.NORMAL, state);
            default -> GenServer.super.handleInfo(message, state);
        };
    }

    /**
     * The idle timeout after this message: the time until the breaker, left alone, would admit a call again
     * (closed, or half_open with no trial out), plus {@code idleTimeout}. A breaker nobody has used for that long
     * is forgotten, failures and all: an open one only once its open period is over and it has sat half_open for
     * the idle timeout, so forgetting never admits a call sooner than the breaker would have, and consecutive
     * failures that far apart are not a failing dependency. Without this, every name that ever counted a failure
     * would hold a process, and abandoned names would use up {@code max-names} for good. The timeout depends on
     * the state and the clock alone, so a replicated breaker stops at the same time on every replica.
     *
     * <p>No timeout is longer than OTP's longest, 49.7 days. One that would be (open and idle timeouts summing
     * beyond it) is cut to it when the breaker admits calls by then, so it is forgotten 49.7 days after its last
     * message; when it would not (a trial out, and two open timeouts past 49.7 days), there is none for now: in a
     * process the phase's own timer comes first and asks again, and a replicated breaker asks again at its next
     * message, so it is never forgotten while it refuses calls (a replicated one left alone in that state is kept
     * until a message comes: only with open timeouts over 24 days).
     */
    private Next next(BreakerState state) {
        Instant now = clock.instant();
        Duration untilAdmitting = switch (state.phase) {
            case CLOSED -> Duration.ZERO;
            case OPEN -> Duration.between(now, state.openUntil);
            case HALF_OPEN -> state.trialOut ? Duration.between(now, state.trialUntil).plus(openTimeout)
                    : Duration.ZERO;
        };
        if (untilAdmitting.isNegative()) { // the phase ended between catchUp's reading of the clock and this one
            untilAdmitting = Duration.ZERO;
        } else if (untilAdmitting.compareTo(Next.MAX_TIMEOUT) > 0) {
            return Next.NONE;
        }
        Duration timeout = untilAdmitting.plus(idleTimeout);
        return Next.timeout(timeout.compareTo(Next.MAX_TIMEOUT) > 0 ? Next.MAX_TIMEOUT : timeout);
    }

    /** The phase and the counts; the breaker's name is its registered name, shown beside the state already. */
    @Override
    public Object formatStatus(BreakerState state) {
        return Map.of("state", state.phase.wireName(), "failures", state.failures, "trialOut", state.trialOut);
    }

    private Permit acquire(BreakerState state) {
        return switch (state.phase) {
            case CLOSED -> new Permit.Admitted(Phase.CLOSED);
            case OPEN -> new Permit.Refused(Phase.OPEN, Duration.between(clock.instant(), state.openUntil));
            case HALF_OPEN -> {
                if (state.trialOut) {
                    yield new Permit.Refused(Phase.HALF_OPEN, TRIAL_RETRY);
                }
                state.trialOut = true;
                state.trialUntil = clock.instant().plus(openTimeout);
                arm(new TrialExpired(state.generation), state.trialUntil, state);
                yield new Permit.Admitted(Phase.HALF_OPEN);
            }
        };
    }

    private void report(Report report, BreakerState state) {
        switch (state.phase) {
            case CLOSED -> {
                state.failures = report == Report.SUCCESS ? 0 : state.failures + 1;
                if (state.failures >= failureThreshold) {
                    open(state, clock.instant());
                }
            }
            case HALF_OPEN -> {
                if (report == Report.SUCCESS) {
                    enter(Phase.CLOSED, state);
                } else {
                    state.failures++;
                    open(state, clock.instant());
                }
            }
            case OPEN -> { } // a late answer from a call admitted before the breaker opened
        }
    }

    /**
     * The transitions whose time has come, each at the time it was due: an open period that is over turns the
     * breaker half_open; a trial out past its time re-opens it, for an open period counted from then (which may
     * itself be over). Stops at the first phase that has not ended.
     */
    private void catchUp(BreakerState state) {
        Instant now = clock.instant();
        while (true) {
            if (state.phase == Phase.OPEN && !now.isBefore(state.openUntil)) {
                enter(Phase.HALF_OPEN, state);
            } else if (state.phase == Phase.HALF_OPEN && state.trialOut && !now.isBefore(state.trialUntil)) {
                open(state, state.trialUntil);
            } else {
                return;
            }
        }
    }

    /** Opens the breaker as of {@code at}: it turns half_open one open timeout later. */
    private void open(BreakerState state, Instant at) {
        enter(Phase.OPEN, state);
        state.openUntil = at.plus(openTimeout);
        arm(new HalfOpenDue(state.generation), state.openUntil, state);
    }

    /** {@code Process.send_after} of {@code message} for {@code due}, when there is a process to send it to. */
    private void arm(Object message, Instant due, BreakerState state) {
        if (Self.inProcess()) {
            Duration delay = Duration.between(clock.instant(), due);
            state.timer = Self.sendAfter(message, delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    /** Every transition: a new generation, the old phase's timer cancelled, no trial out. */
    private static void enter(Phase phase, BreakerState state) {
        if (state.timer != null) {
            state.timer.cancel();
            state.timer = null;
        }
        state.generation++;
        state.phase = phase;
        state.trialOut = false;
        if (phase == Phase.CLOSED) {
            state.failures = 0;
        }
    }
}
