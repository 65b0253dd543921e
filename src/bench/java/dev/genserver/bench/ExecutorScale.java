package dev.genserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link ScaleBenchmark} for one {@link Executors#newSingleThreadExecutor()} per process. Each executor is given
 * a task at once, so its thread exists: an executor without its thread is not yet a process that could answer.
 * It goes on until the JVM or the OS refuses a thread, or until the cap.
 */
final class ExecutorScale {

    private ExecutorScale() {
    }

    static ScaleOutcome run(int count, int cap) throws InterruptedException {
        List<ExecutorService> executors = new ArrayList<>(count);
        ScaleOutcome.Meter meter = ScaleOutcome.Meter.start();
        String note = "";
        try {
            while (executors.size() < count) {
                ExecutorService executor = Executors.newSingleThreadExecutor();
                executor.execute(() -> { });
                executors.add(executor);
            }
            if (count == cap) {
                note = "stopped at the cap (-DexecutorCap=" + cap + "): one platform thread per process, and "
                        + "kernel.pid_max here is " + pidMax() + " threads for the whole machine";
            }
        } catch (Throwable refused) {
            note = "failed after " + executors.size() + ": " + refused;
        }
        ScaleOutcome.Meter running = meter.started();
        long stopping = System.nanoTime();
        executors.forEach(ExecutorService::shutdown);
        for (ExecutorService executor : executors) {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        }
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        return running.outcome("executor", executors.size(), stop, note);
    }

    private static String pidMax() {
        try {
            // readAllLines, not readString: on procfs (size 0) readString returned only the first byte here.
            return Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().trim();
        } catch (IOException unknown) {
            return "unknown";
        }
    }
}
