package dev.genserver.counters;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
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
 * }</pre>
 */
final class NamedCounterServer implements GenServer<Long> {

    /** {@code :increment}: adds one and replies with the new value. */
    record Increment() implements Call<Long> { }

    /** {@code :get_value}. */
    record Value() implements Call.Query<Long> { }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
        return switch (request) {
            case Increment increment -> increment.reply(count + 1, count + 1);
            case Value value -> value.reply(count, count);
            default -> GenServer.super.handleCall(request, from, count);
        };
    }

    /** The count; the name is the process's registered name, shown beside the state already. */
    @Override
    public Object formatStatus(Long count) {
        return Map.of("value", count);
    }
}
