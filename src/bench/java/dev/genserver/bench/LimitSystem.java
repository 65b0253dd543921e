package dev.genserver.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The limit: the counter as a plain object behind a monitor, run on the caller's thread. No hand-off and no
 * mailbox, so nothing a process runtime does can be faster; a "blocker" is a client sleeping inside its own
 * object's monitor, which holds up nobody else.
 */
final class LimitSystem implements ProcessSystem {

    private final List<BlockingClient> clients = new ArrayList<>();

    @Override
    public CounterProcess counter() {
        return new SynchronizedCounter();
    }

    @Override
    public void blocker() {
        Object monitor = new Object();
        clients.add(BlockingClient.start(() -> {
            synchronized (monitor) {
                BlockingClient.blockForASecond();
            }
        }));
    }

    @Override
    public void close() {
        clients.forEach(BlockingClient::stop);
    }

    private static final class SynchronizedCounter implements CounterProcess {
        private long count;

        @Override
        public synchronized long increment() {
            return ++count;
        }

        @Override
        public synchronized void add() {
            count++;
        }
    }
}
