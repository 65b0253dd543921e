package dev.genserver.bench;

import dev.genserver.observability.RuntimeMetrics;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Our runtime. {@code ours} calls with {@link Pid#call}, which runs the handler on the calling thread when the
 * process is idle; {@code oursQueued} calls with {@link Pid#callAsync} and waits, which always queues the call
 * and hands it to a drainer thread: the cost of a hand-off in our runtime, measured beside the others'.
 */
final class OursSystem implements ProcessSystem {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRuntime runtime;
    private final boolean queued;
    private final List<Pid> blockers = new ArrayList<>();
    private final List<BlockingClient> clients = new ArrayList<>();

    OursSystem(int mailboxCapacity, boolean queued) {
        this(RuntimeOptions.defaults().withMailboxCapacity(mailboxCapacity), queued);
    }

    private OursSystem(RuntimeOptions options, boolean queued) {
        this.runtime = ProcessRuntime.create(options);
        this.queued = queued;
    }

    /**
     * {@code oursMetrics}: the service's configuration, with the runtime's Micrometer listener and a Prometheus
     * registry, so the cost of instrumentation is measured beside {@code ours} in the same run.
     */
    static OursSystem withMetrics(int mailboxCapacity) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessRuntime[] runtime = new ProcessRuntime[1];
        OursSystem system = new OursSystem(RuntimeOptions.defaults().withMailboxCapacity(mailboxCapacity)
                .withSlowHandlerThreshold(Duration.ofSeconds(1))
                .withListener(new RuntimeMetrics(registry, () -> runtime[0])), false);
        runtime[0] = system.runtime;
        return system;
    }

    @Override
    public CounterProcess counter() {
        Pid pid = runtime.start(new BenchCounterServer());
        return queued ? new Queued(pid) : new Direct(pid);
    }

    @Override
    public void blocker() {
        Pid pid = runtime.start(new BenchCounterServer());
        // Queued, so a drainer thread of the runtime blocks, not the client's thread.
        clients.add(BlockingClient.start(() -> pid.callAsync(new BenchCounterServer.Block(), TIMEOUT).join()));
        blockers.add(pid);
    }

    /** Kills the blockers first: a stop would wait behind their sleeping handlers. */
    @Override
    public void close() {
        clients.forEach(BlockingClient::stop);
        blockers.forEach(runtime::kill);
        runtime.close();
    }

    private record Direct(Pid pid) implements CounterProcess {
        @Override
        public long increment() {
            return pid.call(new BenchCounterServer.Increment());
        }

        @Override
        public void add() {
            pid.cast(BenchCounterServer.Add.INSTANCE);
        }
    }

    private record Queued(Pid pid) implements CounterProcess {
        @Override
        public long increment() {
            return pid.callAsync(new BenchCounterServer.Increment(), TIMEOUT).join();
        }

        @Override
        public void add() {
            pid.cast(BenchCounterServer.Add.INSTANCE);
        }
    }
}
