package dev.genserver.observability;

import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ServiceSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtime's per-service figures, taken at most once per {@code maxAge}. A scrape reads a dozen gauges and
 * counters per service and each would otherwise walk the process table, which holds up to a million processes.
 */
final class ServiceSnapshots {

    private record Taken(long atNanos, Map<String, ServiceSnapshot> services) { }

    private static final ServiceSnapshot NONE = new ServiceSnapshot("", 0, 0, 0, 0, 0);

    private final Supplier<ProcessRuntime> runtime;
    private final long maxAgeNanos;
    private volatile Taken taken;

    ServiceSnapshots(Supplier<ProcessRuntime> runtime, Duration maxAge) {
        this.runtime = runtime;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The service's latest figures; zeros for a service with no process left and no messages counted. */
    ServiceSnapshot of(String service) {
        return services().getOrDefault(service, NONE);
    }

    /** Every service's latest figures, by service name. */
    Map<String, ServiceSnapshot> services() {
        Taken current = taken;
        long now = System.nanoTime();
        if (current == null || now - current.atNanos() > maxAgeNanos) {
            synchronized (this) {
                current = taken;
                if (current == null || now - current.atNanos() > maxAgeNanos) {
                    current = new Taken(System.nanoTime(), runtime.get().services());
                    taken = current;
                }
            }
        }
        return current.services();
    }
}
