package dev.genserver.testing;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;

/** A running total from zero, for tests of how messages reach a process: casts of a {@code Long} add to it. */
public final class Tally implements GenServer<Long> {

    /** Adds {@code n}; replies with the new total. */
    public record Add(long n) implements Call<Long> { }

    /** Replies with the total. */
    public record Total() implements Call.Query<Long> { }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long total) {
        return switch (request) {
            case Add add -> add.reply(total + add.n(), total + add.n());
            case Total read -> read.reply(total, total);
            default -> GenServer.super.handleCall(request, from, total);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long total) {
        return Result.noreply(total + (Long) message);
    }
}
