package dev.genserver.bench;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Call round trips to one counter process from 1 and from 8 caller threads: the seed's
 * {@code GenServer.call(pid, :increment)}. Scores are calls per microsecond (= millions per second).
 *
 * <p>Every call is counted on its caller's thread, and at the end the counter must hold exactly the number of
 * calls made, so a lost or doubled message fails the run instead of flattering it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CallBenchmark {

    @Param({"ours", "oursMetrics", "oursQueued", "limit", "executor", "pekko"})
    public String implementation;

    private ProcessSystem system;
    private CounterProcess counter;
    private final Queue<Caller> callers = new ConcurrentLinkedQueue<>();

    /** The calls one benchmark thread made. */
    @State(Scope.Thread)
    public static class Caller {
        long calls;

        @Setup(Level.Trial)
        public void register(CallBenchmark benchmark) {
            benchmark.callers.add(this);
        }
    }

    @Setup(Level.Trial)
    public void start() {
        system = ProcessSystem.create(implementation, 10_000);
        counter = system.counter();
    }

    @TearDown(Level.Trial)
    public void checkAndStop() {
        try {
            long made = callers.stream().mapToLong(caller -> caller.calls).sum();
            long counted = counter.increment() - 1;
            if (counted != made) {
                throw new IllegalStateException(implementation + " counted " + counted + " of " + made + " calls");
            }
        } finally {
            system.close();
        }
    }

    @Benchmark
    @Threads(1)
    public long oneCaller(Caller caller) {
        caller.calls++;
        return counter.increment();
    }

    @Benchmark
    @Threads(8)
    public long eightCallers(Caller caller) {
        caller.calls++;
        return counter.increment();
    }
}
