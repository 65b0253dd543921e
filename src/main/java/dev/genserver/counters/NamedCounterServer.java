package dev.genserver.counters;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Result;
import java.util.Map;

/**
 * One named counter: the seed's {@code Counter} started under a {@code :via} name instead of {@code __MODULE__},
 * so there can be many. It starts from zero; its first increment, the one that starts it, answers 1.
 *
 * <pre>{@code
 * GenServer.start_link(__MODULE__, :ok,                 supervisor.startChild(ChildSpec.temporary("counter",
 *   name: {:via, Registry, {MyRegistry, key}})              NamedCounterServer::new).withOptions(
 *                                                          StartOptions.named(Name.via(registry, key))))
 * def init(:ok), do: {:ok, 0}                           Init.ok(0L)
 * def handle_call(:increment, _from, n),                increment.reply(n + 1, n + 1)
 *   do: {:reply, n + 1, n + 1}
 * def handle_call(:get_value, _from, n),                value.reply(n, n)
 *   do: {:reply, n, n}
 * def handle_cast(:reset, _n), do: {:noreply, 0}        Result.noreply(0L)
 * }</pre>
 *
 * <p>With {@code genserver.counters.idle-timeout} set, every result carries it and the {@code :timeout} info stops
 * the counter normally, so its name is free again and its next increment starts it from zero; unset, a counter lives
 * until it is deleted.
 */
final class NamedCounterServer implements GenServer<Long> {

    /** {@code :increment}: adds one and replies with the new value. */
    record Increment() implements Call<Long> { }

    /** {@code :get_value}. */
    record Value() implements Call.Query<Long> { }

    /** {@code :reset} (a cast): back to zero, the process and its name kept. */
    enum Reset { INSTANCE }

    private final Next idle;

    NamedCounterServer() {
        this(Next.NONE);
    }

    /** @param idle the idle timeout every result carries, or {@link Next#NONE} */
    NamedCounterServer(Next idle) {
        this.idle = idle;
    }

    @Override
    public Init<Long> init() {
        return Init.ok(0L, idle);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
        return switch (request) {
            // at the largest long the count stays, as the singleton counter's does: refused, never wrapped
            case Increment increment when count == Long.MAX_VALUE -> increment.reply(null, count, idle);
            case Increment increment -> increment.reply(count + 1, count + 1, idle);
            case Value value -> value.reply(count, count, idle);
            default -> GenServer.super.handleCall(request, from, count);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long count) {
        return switch (message) {
            case Reset reset -> Result.noreply(0L, idle);
            default -> GenServer.super.handleCast(message, count);
        };
    }

    @Override
    public Result<Long> handleInfo(Object message, Long count) {
        if (message == IdleTimeout.INSTANCE) {
            return Result.stop(ExitReason.NORMAL, count);
        }
        GenServer.super.handleInfo(message, count); // logs it; a stray message must not cancel the idle timeout
        return Result.noreply(count, idle);
    }

    /** The count; the name is the process's registered name, shown beside the state already. */
    @Override
    public Object formatStatus(Long count) {
        return Map.of("value", count);
    }
}
