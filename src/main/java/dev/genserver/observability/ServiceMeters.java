package dev.genserver.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * One service's meters, registered when its first process starts and tagged by service only: a million
 * processes must not mean a million series. Timers have fixed buckets from a microsecond (a call run on the
 * caller's thread) to five seconds (the default call timeout), so {@code histogram_quantile} works.
 */
final class ServiceMeters {

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(1_000), Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5),
    };

    final Timer callDuration;
    final Timer mailboxWait;
    final Counter callTimeouts;
    final Counter slowHandlers;
    final Counter mailboxFull;
    /** Held here because Micrometer holds a function counter's source only weakly. */
    private final MonotonicReading calls;
    private final MonotonicReading casts;
    private final MonotonicReading infos;

    ServiceMeters(MeterRegistry registry, String service, ServiceSnapshots snapshots) {
        Gauge.builder("genserver.processes", () -> snapshots.of(service).processes())
                .description("Processes alive").tag("service", service).register(registry);
        Gauge.builder("genserver.mailbox.size", () -> snapshots.of(service).mailbox())
                .description("Messages waiting in mailboxes, summed over the service's processes")
                .tag("service", service).register(registry);
        calls = messages(registry, service, "call", new MonotonicReading(() -> snapshots.of(service).calls()));
        casts = messages(registry, service, "cast", new MonotonicReading(() -> snapshots.of(service).casts()));
        infos = messages(registry, service, "info", new MonotonicReading(() -> snapshots.of(service).infos()));
        callDuration = Timer.builder("genserver.call.duration")
                .description("Call round trips as the caller sees them, queueing included; sampled, one call in 64")
                .tag("service", service).serviceLevelObjectives(BUCKETS).register(registry);
        mailboxWait = Timer.builder("genserver.mailbox.wait")
                .description("Time queued messages wait before their handler begins; sampled, one in 64")
                .tag("service", service).serviceLevelObjectives(BUCKETS).register(registry);
        callTimeouts = Counter.builder("genserver.call.timeouts")
                .description("Calls whose caller stopped waiting for the reply").tag("service", service)
                .register(registry);
        slowHandlers = Counter.builder("genserver.handler.slow")
                .description("Handlers still running past the slow-handler threshold").tag("service", service)
                .register(registry);
        mailboxFull = Counter.builder("genserver.mailbox.refused")
                .description("Messages refused because the mailbox was at its bound (answered 503 overloaded)")
                .tag("service", service).register(registry);
    }

    private static MonotonicReading messages(MeterRegistry registry, String service, String kind,
                                             MonotonicReading reading) {
        FunctionCounter.builder("genserver.messages", reading, MonotonicReading::read)
                .description("Messages handled, by kind").tag("service", service).tag("kind", kind)
                .register(registry);
        return reading;
    }
}
