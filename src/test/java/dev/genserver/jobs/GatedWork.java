package dev.genserver.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Work that records which jobs started, in order, and finishes each only when the test releases it. */
final class GatedWork implements JobWork {

    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> finished = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private volatile boolean open;

    @Override
    public void perform(String jobId, Duration duration) throws InterruptedException {
        started.add(jobId);
        gate(jobId).await();
        finished.add(jobId);
    }

    void release(String jobId) {
        gate(jobId).countDown();
    }

    /** Releases every job, present and future, so a closing runtime need not wait for gated workers. */
    void openAll() {
        open = true;
        gates.values().forEach(CountDownLatch::countDown);
    }

    private CountDownLatch gate(String jobId) {
        return gates.computeIfAbsent(jobId, id -> new CountDownLatch(open ? 0 : 1));
    }
}
