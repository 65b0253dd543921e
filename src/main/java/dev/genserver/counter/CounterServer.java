package dev.genserver.counter;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.util.Map;

/**
 * The seed's {@code Counter}: the state is the count.
 *
 * <pre>{@code
 * def init(initial_value), do: {:ok, initial_value}
 * def handle_call(:increment, _from, state), do: {:reply, state + 1, state + 1}
 * def handle_call(:get_value, _from, state), do: {:reply, state, state}
 * def handle_cast(:reset, _state), do: {:noreply, 0}
 * }</pre>
 * Elixir's integers have no bound and a {@code long} has one: at {@link Long#MAX_VALUE} an increment replies
 * {@code null} and leaves the count as it is, rather than wrapping it to a negative number. Only a configured
 * initial value near the bound can get there.
 */
final class CounterServer implements GenServer<Long> {

    /** {@code :increment}: adds one and replies with the new value; null at the bound. */
    record Increment() implements Call<Long> { }

    /** {@code :get_value}. */
    record Value() implements Call.Query<Long> { }

    /** {@code :reset} (a cast): back to zero, as the seed's {@code handle_cast(:reset, _)} does. */
    enum Reset { INSTANCE }

    private final long initialValue;

    CounterServer(long initialValue) {
        this.initialValue = initialValue;
    }

    @Override
    public Init<Long> init() {
        return Init.ok(initialValue);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
        return switch (request) {
            case Increment increment when count == Long.MAX_VALUE -> increment.reply(null, count);
            case Increment increment -> increment.reply(count + 1, count + 1);
            case Value value -> value.reply(count, count);
            default -> GenServer.super.handleCall(request, from, count);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long count) {
        return switch (message) {
            case Reset reset -> Result.noreply(0L);
            default -> GenServer.super.handleCast(message, count);
        };
    }

    /** The count is all there is, and nothing in it is secret. */
    @Override
    public Object formatStatus(Long count) {
        return Map.of("value", count);
    }
}
