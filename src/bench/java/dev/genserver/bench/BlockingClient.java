package dev.genserver.bench;

/**
 * A client that keeps one process blocked: it sends a request whose handler blocks for a second, waits for the
 * answer, and sends the next at once, on its own daemon thread, until {@link #stop()}. The requests arrive from
 * outside the process as real traffic does, so no implementation gets to reschedule a blocked process ahead of
 * the others by sending to itself.
 */
final class BlockingClient {

    private final Thread thread;
    private volatile boolean stopped;

    private BlockingClient(Runnable blockingRequest) {
        this.thread = Thread.ofPlatform().daemon().name("blocking-client").start(() -> {
            while (!stopped) {
                try {
                    blockingRequest.run();
                } catch (RuntimeException failed) {
                    if (!stopped) {
                        throw failed;
                    }
                }
            }
        });
    }

    static BlockingClient start(Runnable blockingRequest) {
        return new BlockingClient(blockingRequest);
    }

    /** Sends no more requests; the one in flight ends when its process is stopped. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Sleeps a second, as the blocking handlers do; an interrupt ends the sleep early (the process is stopping). */
    static void blockForASecond() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }
}
