package dev.genserver.testing;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A counter whose handler a test can hold on a latch: enough to fill a mailbox, time a call out, crash a call,
 * or make every metric move. Each cast other than {@link Hold} counts one.
 */
public final class HoldableCounter implements GenServer<Long> {

    /** Adds one and replies with the new count. */
    public record Add() implements Call<Long> { }

    /** Replies with the count. */
    public record Count() implements Call<Long> { }

    /** Crashes the process, failing its caller. */
    public record Crash() implements Call<Long> { }

    /** A cast that holds the handler until {@code release} opens (at most ten seconds). */
    public record Hold(CountDownLatch entered, CountDownLatch release) {
        public static Hold newHold() {
            return new Hold(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    @Override
    public Init<Long> init() {
        return Init.ok(0L);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
        return switch (request) {
            case Add add -> add.reply(n + 1, n + 1);
            case Count count -> count.reply(n, n);
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
