package dev.genserver.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@link System#nanoTime()} costs on this machine: a reference for reading the call benchmarks, since
 * a call that reads the clock twice pays this twice. On a virtual machine whose clock reads are slow it can be
 * the larger part of a call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ClockBenchmark {

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
