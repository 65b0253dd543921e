package dev.genserver.observability;

import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import java.util.concurrent.CountDownLatch;

/** A process that only waits; with latches, one whose {@code init} blocks until released. */
final class Idle implements GenServer<String> {

    private final CountDownLatch started;
    private final CountDownLatch release;

    Idle() {
        this(new CountDownLatch(0), new CountDownLatch(0));
    }

    /** {@code init} counts down {@code started}, then waits for {@code release}. */
    Idle(CountDownLatch started, CountDownLatch release) {
        this.started = started;
        this.release = release;
    }

    @Override
    public Init<String> init() {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Init.ok("idle");
    }
}
