package dev.genserver.runtime;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server for the full-mailbox tests: it records, in handling order, every message it handles and its
 * {@code terminate} into {@link #events}, and can be told to hold its turn, to schedule a timer for itself, to
 * arm an idle timeout, or to defer a reply.
 */
final class Recorder implements GenServer<Integer> {

    /** Cast: counts {@code entered} down, then waits (interruptibly) for {@code release}. */
    record Hold(CountDownLatch entered, CountDownLatch release) {
        static Hold newHold() {
            return new Hold(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    /** Cast: {@code Process.send_after(self(), message, delay)}. */
    record ScheduleForSelf(Object message, Duration delay) { }

    /** Cast: handled, then the process waits for messages with an idle timeout of {@code after}. */
    record IdleAfter(Duration after) { }

    /** Call: answered later. The {@code From} is recorded; a {@link Finish} timer is set if {@code after} is given. */
    record Defer(Duration after) implements Call<String> { }

    /** Info (from a timer): answers the deferred call {@code from}. */
    record Finish(From from) { }

    /** Call: replies with how many messages were handled before it. */
    record Handled() implements Call<Integer> { }

    /** A handled message as recorded: how it arrived and what it was. */
    record Seen(String kind, Object message) { }

    /** The deferred caller, recorded so a test can answer it from outside. */
    record Deferred(From from) { }

    record Terminated(ExitReason reason) { }

    final BlockingQueue<Object> events;

    Recorder(BlockingQueue<Object> events) {
        this.events = events;
    }

    @Override
    public Init<Integer> init() {
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Call<?> request, From from, Integer handled) {
        return switch (request) {
            case Defer defer -> {
                events.add(new Deferred(from));
                if (defer.after() != null) {
                    Self.sendAfter(new Finish(from), defer.after());
                }
                yield Result.noreply(handled + 1);
            }
            case Handled count -> count.reply(handled, handled + 1);
            default -> GenServer.super.handleCall(request, from, handled);
        };
    }

    @Override
    public Result<Integer> handleCast(Object message, Integer handled) {
        events.add(new Seen("cast", message));
        switch (message) {
            case Hold hold -> hold(hold);
            case ScheduleForSelf timer -> Self.sendAfter(timer.message(), timer.delay());
            case IdleAfter idle -> {
                return Result.noreply(handled + 1, idle.after());
            }
            default -> { }
        }
        return Result.noreply(handled + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer handled) {
        events.add(new Seen("info", message));
        if (message instanceof Finish finish) {
            finish.from().reply("finished");
        }
        return Result.noreply(handled + 1);
    }

    @Override
    public void terminate(ExitReason reason, Integer handled) {
        events.add(new Terminated(reason));
    }

    private static void hold(Hold hold) {
        hold.entered().countDown();
        try {
            if (!hold.release().await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while held", e);
        }
    }
}
