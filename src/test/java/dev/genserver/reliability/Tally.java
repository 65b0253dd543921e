package dev.genserver.reliability;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;

/** A counting server for the supervision tests: its state starts at zero. */
final class Tally implements GenServer<Long> {

    /** Adds one and replies with the new count. */
    record Add() implements Call<Long> { }

    /** Crashes the process, failing its caller. */
    record Crash() implements Call<Long> { }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
        return switch (request) {
            case Add add -> add.reply(count + 1, count + 1);
            case Crash crash -> throw new IllegalStateException("crashed on purpose");
            default -> GenServer.super.handleCall(request, from, count);
        };
    }
}
