package dev.genserver.observability;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls and casts to one counter among 100,000 idle processes, with and without ten background threads that
 * each run the observer's queries (the supervision tree, the top 20 by mailbox depth, a page of the table) once
 * a second against the same runtime: the observer must leave the message path's figures within their noise
 * (docs/performance.md). Scores are calls or casts per microsecond.
 * <pre>
 * java -jar target/benchmarks.jar ObservedMessagesBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservedMessagesBenchmark {

    static final int IDLE = 100_000;
    static final int OBSERVERS = 10;
    static final int CASTS = 10_000;

    @Param({"off", "on"})
    public String observer;

    private ProcessRuntime runtime;
    private Pid counter;
    private final List<Thread> observers = new ArrayList<>();

    record Increment() implements Call<Long> { }

    enum Add { INSTANCE }

    /** The seed's counter: a call that adds one and answers, a cast that adds one. */
    static final class Counter implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
            return request instanceof Increment increment ? increment.reply(count + 1, count + 1)
                    : GenServer.super.handleCall(request, from, count);
        }

        @Override
        public Result<Long> handleCast(Object message, Long count) {
            return Result.noreply(count + 1);
        }
    }

    @Setup(Level.Trial)
    public void start() {
        runtime = ProcessRuntime.create(RuntimeOptions.defaults().withMailboxCapacity(2 * CASTS));
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                StartOptions.named(Name.local("root")));
        for (int i = 0; i < IDLE; i++) {
            runtime.start(new ObserverBenchmark.Idle());
        }
        counter = runtime.start(new Counter());
        if (observer.equals("on")) {
            ProcessRates rates = new ProcessRates(runtime, System::nanoTime, ObserverSampler::cpuNanos);
            ProcessRanking ranking = new ProcessRanking(runtime, rates, Clock.systemUTC());
            SupervisionTree tree = new SupervisionTree(runtime, root);
            for (int i = 0; i < OBSERVERS; i++) {
                observers.add(Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        tree.tree();
                        ranking.query(TableQuery.topByMailbox(20));
                        ranking.query(new TableQuery(TableQuery.Sort.ID, null, null, null, 0, IDLE / 2, 50));
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }));
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        observers.forEach(Thread::interrupt);
        runtime.close();
    }

    @Benchmark
    @Threads(1)
    public long call() {
        return counter.call(new Increment());
    }

    /** {@value #CASTS} casts, then a call that returns once they are all handled. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CASTS)
    public long casts() {
        for (int i = 0; i < CASTS; i++) {
            counter.cast(Add.INSTANCE);
        }
        return counter.call(new Increment());
    }
}
