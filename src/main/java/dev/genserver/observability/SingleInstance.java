package dev.genserver.observability;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.genserver.runtime.ServiceSnapshot;

/**
 * The members without cluster mode: this instance alone, with its process count and the services that have
 * processes, from the same per-service figures the metrics export.
 *
 * <p>Thread-safe.
 */
final class SingleInstance implements Members {

    private final String name;
    private final Supplier<Map<String, ServiceSnapshot>> services;

    SingleInstance(String name, Supplier<Map<String, ServiceSnapshot>> services) {
        this.name = name;
        this.services = services;
    }

    @Override
    public List<Member> members() {
        Map<String, ServiceSnapshot> now = services.get();
        int processes = now.values().stream().mapToInt(ServiceSnapshot::processes).sum();
        List<String> hosted = now.values().stream().filter(service -> service.processes() > 0)
                .map(ServiceSnapshot::service).sorted().toList();
        return List.of(new Member(name, true, "up", processes, hosted));
    }
}
