package dev.genserver.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of a call to an idle process while {@code blocked} other processes are busy in handlers that block
 * for a second (the seed's "Blocking the GenServer" pitfall): each has a client sending it one blocking request
 * after another. A design that runs processes on a small fixed pool stalls here, since the idle process waits
 * for a thread. JMH samples each call's time, so the score comes with percentiles (p50, p99, ...), in
 * microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class BlockedNeighboursBenchmark {

    @Param({"4", "8"})
    public int blocked;

    @Param({"ours", "oursQueued", "limit", "executor", "pekko"})
    public String implementation;

    private ProcessSystem system;
    private CounterProcess idle;

    @Setup(Level.Trial)
    public void start() {
        system = ProcessSystem.create(implementation, 10_000);
        idle = system.counter(); // first: Pekko spawns through its guardian, which needs a free dispatcher thread
        for (int i = 0; i < blocked; i++) {
            system.blocker();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        system.close();
    }

    @Benchmark
    public long callIdleProcess() {
        return idle.increment();
    }
}
