package dev.genserver.observability;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A counter whose handlers can be held on a latch: enough to make every metric move. */
final class MetricsProbeServer implements GenServer<Long> {

    record Add() implements Call<Long> { }

    /** Holds the handler until {@code release} opens (at most ten seconds). */
    record Hold(CountDownLatch entered, CountDownLatch release) { }

    record Crash() implements Call<Long> { }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
        return switch (request) {
            case Add add -> add.reply(n + 1, n + 1);
            case Crash crash -> throw new IllegalStateException("crashed on purpose");
            default -> GenServer.super.handleCall(request, from, n);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long n) {
        if (message instanceof Hold hold) {
            hold.entered().countDown();
            try {
                hold.release().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.noreply(n);
        }
        return Result.noreply(n + 1);
    }
}
