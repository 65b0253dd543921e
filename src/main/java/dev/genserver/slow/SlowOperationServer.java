package dev.genserver.slow;

import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.Self;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The seed's "Early Return and Async Reply": the process starts the slow work elsewhere and returns
 * {@code noreply}, so it stays free for other messages while the work runs.
 *
 * <pre>{@code
 * def handle_call(:slow_operation, from, state) do      case SlowOperation op -> {
 *   Task.start(fn ->                                        state.pending.add(from);
 *     result = perform_slow_work()                          Self.sendAfter(new Finished(op, from), op.delay());
 *     GenServer.reply(from, result)                         yield Result.noreply(state);
 *   end)                                                }
 *   {:noreply, state}  # Don't block GenServer         case Finished done -> … done.op().replyLater(done.from(), result)
 * end
 * }</pre>
 *
 * The simulated work is waiting, so the task is a runtime timer ({@link Self#sendAfter}; tests drive it with
 * manual timers). Its completion comes back as a message, and the process, which alone touches the counts,
 * updates them and then replies: a client that got its answer never sees its operation still in flight.
 */
final class SlowOperationServer implements GenServer<SlowOperationServer.State> {

    /** {@code :slow_operation}: wait {@code delayMs}, then answer when it finished. */
    record SlowOperation(long delayMs) implements Call<SlowOperationResult> {
        Duration delay() {
            return Duration.ofMillis(delayMs);
        }
    }

    /** How many operations are in flight and how many completed. Answered at once, whatever is in flight. */
    record Stats() implements Call<SlowOperationStats> { }

    /** The task's report (an info message): {@code op}'s work for {@code from} is done. */
    record Finished(SlowOperation op, From from) { }

    /** The callers waiting for an answer, and the count of answers given. Owned by the process. */
    static final class State {
        private final Set<From> pending = new HashSet<>();
        private long completed;
    }

    private final Clock clock;

    SlowOperationServer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Traps exits, as an Elixir server does with {@code Process.flag(:trap_exit, true)} so that its
     * {@code terminate} runs when its supervisor shuts it down: the callers still waiting hear of it there.
     */
    @Override
    public Init<State> init() {
        Self.trapExits(true);
        return Init.ok(new State());
    }

    @Override
    public CallResult<State> handleCall(Call<?> request, From from, State state) {
        return switch (request) {
            case SlowOperation op -> {
                state.pending.add(from);
                Self.sendAfter(new Finished(op, from), op.delay());
                yield Result.noreply(state);
            }
            case Stats stats -> stats.reply(new SlowOperationStats(state.pending.size(), state.completed), state);
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        return switch (message) {
            case Finished done -> {
                if (state.pending.remove(done.from())) {
                    state.completed++;
                    done.op().replyLater(done.from(), new SlowOperationResult(done.op().delayMs(), clock.instant()));
                }
                yield Result.noreply(state);
            }
            default -> GenServer.super.handleInfo(message, state);
        };
    }

    /** Callers still waiting would otherwise hear nothing until their timeout: tell them at once. */
    @Override
    public void terminate(ExitReason reason, State state) {
        for (From from : state.pending) {
            from.fail(new ServiceUnavailableException("slow-operations stopped before the delay ended; retry"));
        }
    }

    @Override
    public Object formatStatus(State state) {
        return new SlowOperationStats(state.pending.size(), state.completed);
    }
}
