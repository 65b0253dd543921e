package dev.genserver.bench;

import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import java.util.List;

/**
 * Starts a million idle processes in each implementation and reports the spawn rate, the heap each process
 * holds after a full collection, and the time to stop them all. Run it with a 1 GiB heap, one implementation
 * per JVM so one's garbage cannot be charged to the next:
 * <pre>
 * ./mvnw -Pbench package
 * java -Xmx1g -cp target/benchmarks.jar dev.genserver.bench.ScaleBenchmark ours
 * java -Xmx1g -cp target/benchmarks.jar dev.genserver.bench.ScaleBenchmark pekko
 * java -Xmx1g -cp target/benchmarks.jar dev.genserver.bench.ScaleBenchmark executor
 * </pre>
 * {@code -Dprocesses=N} changes the million; {@code -DexecutorCap=N} (default 10,000) bounds the executor variant,
 * whose every process is a platform thread: unbounded, it would exhaust the machine's pids (kernel.pid_max) and
 * break every other program running on it, which is the very failure it demonstrates.
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("processes", 1_000_000);
        int executorCap = Integer.getInteger("executorCap", 10_000);
        List<String> implementations = args.length == 0 ? List.of("ours", "pekko", "executor") : List.of(args);
        System.out.printf("Java %s, max heap %,d MiB, %d CPUs, %,d processes per implementation%n",
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), count);
        System.out.println(ScaleOutcome.HEADER);
        for (String implementation : implementations) {
            ScaleOutcome outcome = switch (implementation) {
                case "ours" -> ours(count);
                case "pekko" -> PekkoScale.run(count);
                case "executor" -> ExecutorScale.run(Math.min(count, executorCap), executorCap);
                default -> throw new IllegalArgumentException("unknown implementation: " + implementation
                        + " (ours, pekko, executor)");
            };
            System.out.println(outcome.row());
        }
    }

    /** Our runtime: {@code runtime.start} in a loop on one thread, then {@link ProcessRuntime#close()}. */
    static ScaleOutcome ours(int count) {
        ProcessRuntime runtime = ProcessRuntime.create();
        ScaleOutcome.Meter meter = ScaleOutcome.Meter.start();
        int started = 0;
        String note = "";
        try {
            for (; started < count; started++) {
                runtime.start(new BenchCounterServer());
            }
        } catch (OutOfMemoryError full) {
            note = "did not fit: " + full.getMessage() + " after " + started;
        }
        ScaleOutcome.Meter running = meter.started();
        if (runtime.count() != started) {
            note += " (" + runtime.count() + " alive, expected " + started + ")";
        }
        long stopping = System.nanoTime();
        runtime.close();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        if (runtime.count() != 0) {
            note += " (" + runtime.count() + " still alive after close)";
        }
        return running.outcome("ours", started, stop, note);
    }
}
