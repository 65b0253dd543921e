package dev.genserver.bench;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Casts and calls that one process makes to another, inside its handler: the sends a process's own code makes,
 * which mark their hand-over (so that none of a killed process's reaches another after its DOWN), where the
 * other benchmarks' callers are no process and take no mark. One call to the relay has it cast {@link #SENDS}
 * times to a counter, then call the counter (which answers once every cast is handled) {@link #SENDS} times.
 * Scores are sends per microsecond; the counter's count is checked, so a lost send fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SendsFromAProcessBenchmark {

    static final int SENDS = 100_000;

    private ProcessRuntime runtime;
    private Pid relay;
    private long invocations;

    /** Casts {@code count} adds to the counter, then makes {@code count} calls to it; answers the last count. */
    record Relay(int count) implements Call<Long> { }

    @Setup(Level.Trial)
    public void start() {
        runtime = ProcessRuntime.create(RuntimeOptions.defaults().withMailboxCapacity(2 * SENDS));
        Pid counter = runtime.start(new BenchCounterServer());
        relay = runtime.start(new GenServer<Long>() {
            @Override
            public Init<Long> init() {
                return Init.ok(0L);
            }

            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long state) {
                Relay relayed = (Relay) request;
                for (int i = 0; i < relayed.count(); i++) {
                    counter.cast(BenchCounterServer.Add.INSTANCE);
                }
                long count = 0;
                for (int i = 0; i < relayed.count(); i++) {
                    count = counter.call(new BenchCounterServer.Increment());
                }
                return relayed.reply(count, state);
            }
        });
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }

    @Benchmark
    @OperationsPerInvocation(2 * SENDS)
    public long castsThenCalls() {
        long count = relay.call(new Relay(SENDS), Duration.ofMinutes(1));
        invocations++;
        if (count != invocations * 2 * SENDS) {
            throw new IllegalStateException("counted " + count + " after " + invocations + " rounds of " + SENDS
                    + " casts and " + SENDS + " calls");
        }
        return count;
    }
}
