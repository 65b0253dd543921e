package dev.genserver.observability;

import dev.genserver.runtime.ChildInfo;
import dev.genserver.runtime.ChildType;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.ServiceSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The runtime's events as Micrometer meters. Message counts are not counted here at all: processes count their
 * own messages with unfenced (opaque) writes and {@link ServiceSnapshots} sums them at scrape time, so the hot
 * path pays nothing for them. What arrives here is either rare (starts, exits, restarts, timeouts, refusals, slow
 * handlers) or sampled by the runtime (call durations and mailbox waits, one in 64).
 */
public final class RuntimeMetrics implements RuntimeListener {

    private final MeterRegistry registry;
    private final ServiceSnapshots snapshots;
    private final ConcurrentHashMap<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> exits = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> restarts = new ConcurrentHashMap<>();

    /**
     * Metrics of the runtime {@code runtime} will supply; it is asked for only at scrape time, because the
     * runtime is created with this listener and so cannot exist yet.
     */
    public RuntimeMetrics(MeterRegistry registry, Supplier<ProcessRuntime> runtime) {
        this.registry = registry;
        this.snapshots = new ServiceSnapshots(runtime, Duration.ofMillis(100));
    }

    @Override
    public void processStarted(Pid pid) {
        meters(pid);
    }

    @Override
    public void processExited(Pid pid, ExitReason reason) {
        exits(pid.service(), reason.kind()).increment();
    }

    /**
     * Registers a service's meters, at 0, before its first process starts: one whose processes come only with
     * work (a job's workers) would otherwise appear with its first exits, which {@code increase()} would not see.
     */
    public void declareService(String service) {
        meters(service);
    }

    /**
     * A service's exit counter for one reason. All four are registered with the service's first process (or its
     * declaration), at 0: a series that appears only with its first exit hides that exit from Prometheus'
     * {@code increase()}.
     */
    private Counter exits(String service, ExitReason.Kind kind) {
        return exits.computeIfAbsent(service + '/' + kind.tag(), key -> Counter.builder("genserver.process.exits")
                .description("Processes that exited, by reason: normal, shutdown, crash or kill")
                .tag("service", service).tag("reason", kind.tag()).register(registry));
    }

    @Override
    public void childRestarted(Pid supervisor, String childId) {
        restarts(supervisor).increment();
    }

    /**
     * Registers, at 0, the restart counter of every supervisor now running in the tree under {@code root}: as with
     * the exits, a series that appeared only with a supervisor's first restart would hide that restart from
     * Prometheus' {@code increase()}. A supervisor started later has its counter from its first restart.
     */
    public void countRestartsOf(ProcessRuntime runtime, Pid root) {
        ArrayDeque<Pid> toVisit = new ArrayDeque<>(List.of(root));
        while (!toVisit.isEmpty()) {
            Pid supervisor = toVisit.removeFirst();
            runtime.supervision(supervisor).ifPresent(report -> {
                restarts(supervisor);
                report.children().stream().filter(child -> child.type() == ChildType.SUPERVISOR
                        && child.pid() != null).map(ChildInfo::pid).forEach(toVisit::add);
            });
        }
    }

    private Counter restarts(Pid supervisor) {
        String name = supervisor.name().map(Name::toString).orElse(supervisor.service());
        return restarts.computeIfAbsent(name, key -> Counter.builder("genserver.supervisor.restarts")
                .description("Children restarted by a supervisor").tag("supervisor", key).register(registry));
    }

    @Override
    public void callCompleted(Pid pid, long nanos) {
        meters(pid).callDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void messageWaited(Pid pid, long nanos) {
        meters(pid).mailboxWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void callTimedOut(Pid pid) {
        meters(pid).callTimeouts.increment();
    }

    @Override
    public void mailboxFull(Pid pid) {
        meters(pid).mailboxFull.increment();
    }

    @Override
    public void handlerSlow(Pid pid, Object message, Duration running) {
        meters(pid).slowHandlers.increment();
    }

    /** The per-service figures the metrics are read from, shared with the observer. */
    ServiceSnapshots snapshots() {
        return snapshots;
    }

    /**
     * Every service's latest figures, by service name: one walk of the process table serves every reader within
     * a scrape's age (the metrics, the observer, a cluster member publishing its load).
     */
    public Map<String, ServiceSnapshot> services() {
        return snapshots.services();
    }

    /**
     * Each service's mailbox-wait histogram as it stands: cumulative counts per bucket since the start, the same
     * fixed buckets as {@code genserver_mailbox_wait_seconds}. The observer turns two of them into an interval's p99.
     */
    Map<String, HistogramSnapshot> mailboxWaits() {
        Map<String, HistogramSnapshot> waits = new TreeMap<>();
        services.forEach((service, meters) -> waits.put(service, meters.mailboxWait.takeSnapshot()));
        return waits;
    }

    private ServiceMeters meters(Pid pid) {
        return meters(pid.service());
    }

    private ServiceMeters meters(String name) {
        ServiceMeters meters = services.get(name);
        return meters != null ? meters : services.computeIfAbsent(name, service -> {
            for (ExitReason.Kind kind : ExitReason.Kind.values()) {
                exits(service, kind);
            }
            return new ServiceMeters(registry, service, snapshots);
        });
    }
}
