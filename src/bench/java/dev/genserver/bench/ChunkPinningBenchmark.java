package dev.genserver.bench;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;

/**
 * The heap a long-lived process holds when it was started among short-lived ones, as a service's stacks and
 * sessions are among rate-limit keys and job workers: each survivor is followed by {@code -Dchurn=N} (5,000)
 * processes started and stopped, {@code -Dsurvivors=N} (2,000) times. The process table keeps a chunk of slots
 * while any of its processes lives, so what a survivor holds is the process plus its chunk (docs/architecture.md).
 * <pre>
 * ./mvnw -Pbench package
 * java -Xmx1g -cp target/benchmarks.jar dev.genserver.bench.ChunkPinningBenchmark
 * </pre>
 */
public final class ChunkPinningBenchmark {

    private ChunkPinningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int survivors = Integer.getInteger("survivors", 2_000);
        int churn = Integer.getInteger("churn", 5_000);
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            long before = Memory.usedHeapAfterGc();
            for (int s = 0; s < survivors; s++) {
                runtime.start(new BenchCounterServer());
                for (int c = 0; c < churn; c++) {
                    Pid passing = runtime.start(new BenchCounterServer());
                    runtime.stop(passing, ExitReason.NORMAL, Duration.ofSeconds(5));
                }
            }
            long held = Memory.usedHeapAfterGc() - before;
            System.out.printf("%,d survivors among %,d short-lived processes each: %,d live, %,d B of heap each%n",
                    survivors, churn, runtime.count(), held / survivors);
        }
    }
}
