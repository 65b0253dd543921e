package dev.genserver.bench;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;

/**
 * The seed's Counter written as the service's {@code CounterServer} is (an immutable {@code Long} state, a new
 * request record per call), plus a cast that adds one and a call whose handler blocks for a second.
 */
final class BenchCounterServer implements GenServer<Long> {

    /** {@code :increment}. */
    record Increment() implements Call<Long> { }

    /** Blocks the handler for a second, then answers the count. */
    record Block() implements Call<Long> { }

    /** {@code :add}, a cast. */
    enum Add { INSTANCE }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
        return switch (request) {
            case Increment increment -> increment.reply(count + 1, count + 1);
            case Block block -> {
                BlockingClient.blockForASecond();
                yield block.reply(count, count);
            }
            default -> GenServer.super.handleCall(request, from, count);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long count) {
        return switch (message) {
            case Add add -> Result.noreply(count + 1);
            default -> GenServer.super.handleCast(message, count);
        };
    }
}
