package dev.genserver.observability;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import dev.genserver.runtime.ServiceSnapshot;

/**
 * The members without cluster mode: this instance alone, with its process count and the services that have
 * processes, from the same per-service figures the metrics export. It is {@code up} while its root supervisor
 * lives and {@code down} once the root has given up, as the {@code supervision} health contributor judges it.
 *
 * <p>Thread-safe.
 */
final class SingleInstance implements Members {

    private final String name;
    private final Supplier<Map<String, ServiceSnapshot>> services;
    private final BooleanSupplier rootAlive;

    SingleInstance(String name, Supplier<Map<String, ServiceSnapshot>> services, BooleanSupplier rootAlive) {
        this.name = name;
        this.services = services;
        this.rootAlive = rootAlive;
    }

    @Override
    public List<Member> members() {
        Map<String, ServiceSnapshot> now = services.get();
        int processes = now.values().stream().mapToInt(ServiceSnapshot::processes).sum();
        List<String> hosted = now.values().stream().filter(service -> service.processes() > 0)
                .map(ServiceSnapshot::service).sorted().toList();
        return List.of(new Member(name, true, rootAlive.getAsBoolean() ? "up" : "down", processes, hosted));
    }
}
