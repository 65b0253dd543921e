package dev.genserver.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server for runtime tests. Its state is a count; each message says what the handler does (add, block on a
 * latch, crash, stop), and everything observable from outside (info messages, {@code terminate}, interrupts) is
 * recorded into {@link #events}, which several probes may share to record a common order.
 */
class Probe implements GenServer<Long> {

    /** Replies with the count. */
    record Get() implements Call<Long> { }

    /** Adds {@code n} and replies with the new count. */
    record Add(long n) implements Call<Long> { }

    /** Counts {@code entered} down, then waits (interruptibly) for {@code release}; replies "released". */
    record Block(CountDownLatch entered, CountDownLatch release) implements Call<String> {
        static Block newBlock() {
            return new Block(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    /** Throws {@link IllegalStateException} with {@code message}. */
    record Boom(String message) implements Call<Long> { }

    /** Replies "bye", then stops with {@code reason}. */
    record StopWith(ExitReason reason) implements Call<String> { }

    /** What {@code terminate} saw. */
    record Terminated(String label, ExitReason reason, Long state) { }

    /** The handler's wait in {@link Block} was interrupted. */
    record Interrupted(String label) { }

    /** An info message as {@code handleInfo} received it. */
    record Info(String label, Object message) { }

    final String label;
    final BlockingQueue<Object> events;
    private final long initial;

    Probe() {
        this("probe", new LinkedBlockingQueue<>(), 0);
    }

    Probe(String label, BlockingQueue<Object> events) {
        this(label, events, 0);
    }

    Probe(String label, BlockingQueue<Object> events, long initial) {
        this.label = label;
        this.events = events;
        this.initial = initial;
    }

    @Override
    public Init<Long> init() {
        return Init.ok(initial);
    }

    @Override
    public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
        return switch (request) {
            case Get get -> get.reply(n, n);
            case Add add -> add.reply(n + add.n(), n + add.n());
            case Block block -> {
                block(block);
                yield block.reply("released", n);
            }
            case Boom boom -> throw new IllegalStateException(boom.message());
            case StopWith stop -> stop.stop(stop.reason(), "bye", n);
            default -> GenServer.super.handleCall(request, from, n);
        };
    }

    @Override
    public Result<Long> handleCast(Object message, Long n) {
        return switch (message) {
            case Long k -> Result.noreply(n + k);
            case Block block -> {
                block(block);
                yield Result.noreply(n);
            }
            case Boom boom -> throw new IllegalStateException(boom.message());
            case ExitReason reason -> Result.stop(reason, n);
            default -> GenServer.super.handleCast(message, n);
        };
    }

    @Override
    public Result<Long> handleInfo(Object message, Long n) {
        events.add(new Info(label, message));
        return Result.noreply(n);
    }

    @Override
    public void terminate(ExitReason reason, Long n) {
        events.add(new Terminated(label, reason, n));
    }

    private void block(Block block) {
        block.entered().countDown();
        try {
            if (!block.release().await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            events.add(new Interrupted(label));
            throw new IllegalStateException("interrupted", e);
        }
    }
}
