package dev.genserver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The naive reading of "a single-threaded server process": one {@link Executors#newSingleThreadExecutor()} per
 * process. The count is touched only by the executor's thread; a call is a submit and a wait for the future.
 */
final class ExecutorSystem implements ProcessSystem {

    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<BlockingClient> clients = new ArrayList<>();

    @Override
    public CounterProcess counter() {
        return new ExecutorCounter(start());
    }

    @Override
    public void blocker() {
        ExecutorService executor = start();
        clients.add(BlockingClient.start(() -> {
            try {
                executor.submit(BlockingClient::blockForASecond).get();
            } catch (InterruptedException | ExecutionException stopped) {
                throw new IllegalStateException(stopped);
            }
        }));
    }

    @Override
    public void close() {
        clients.forEach(BlockingClient::stop);
        executors.forEach(ExecutorService::shutdownNow);
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ExecutorService start() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executors.add(executor);
        return executor;
    }

    private static final class ExecutorCounter implements CounterProcess {
        private final ExecutorService executor;
        /** Read and written only on the executor's thread. */
        private long count;

        ExecutorCounter(ExecutorService executor) {
            this.executor = executor;
        }

        @Override
        public long increment() {
            try {
                return executor.submit(() -> ++count).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void add() {
            executor.execute(() -> count++);
        }
    }
}
