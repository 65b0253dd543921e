package dev.genserver.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cast throughput into one process: 1,000,000 casts from one thread, then one call, which returns only once
 * every cast before it has been handled. Scores are casts per microsecond (= millions per second).
 *
 * <p>Our mailbox bound is raised to 2,000,000 for this benchmark (the default is 10,000): the bound is a counter
 * on a linked queue, so a high bound costs nothing until the messages are there. The count answered by each
 * call is checked, so a lost cast fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CastBenchmark {

    static final int CASTS = 1_000_000;

    @Param({"ours", "oursMetrics", "limit", "executor", "pekko"})
    public String implementation;

    private ProcessSystem system;
    private CounterProcess counter;
    private long invocations;

    @Setup(Level.Trial)
    public void start() {
        system = ProcessSystem.create(implementation, 2 * CASTS);
        counter = system.counter();
    }

    @TearDown(Level.Trial)
    public void stop() {
        system.close();
    }

    @Benchmark
    @OperationsPerInvocation(CASTS)
    public long millionCastsThenCall() {
        for (int i = 0; i < CASTS; i++) {
            counter.add();
        }
        long count = counter.increment();
        invocations++;
        if (count != invocations * (CASTS + 1)) {
            throw new IllegalStateException(implementation + " counted " + count + " after " + invocations
                    + " rounds of " + CASTS + " casts and a call");
        }
        return count;
    }
}
