package dev.genserver.cluster;

import dev.genserver.app.Singleton;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.GenServer;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory in cluster mode: the services whose handlers are deterministic given their message and the time
 * it carries, and which need no timers, become {@link ReplicatedProcesses}; the others stay in this instance's
 * tree, each instance with its own, and say so in the log at start-up.
 */
final class ClusterProcessDirectory implements ProcessDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessDirectory.class);

    /**
     * Replicated today. Not yet: the rate limiter and circuit breaker (their processes use timers: idle
     * timeouts, {@code send_after}), the session store (it draws random ids inside its handler), the cache (its
     * LRU list needs a serialized form of its own) and the job queue (its workers block).
     */
    static final Set<String> REPLICATED = Set.of("counter", "counters", "stack", "kv", "events");

    private final ClusterMember member;
    private final Modules modules;
    private final LocalProcessDirectory local;
    private final Clock clock;
    private final ClusterMetrics metrics;

    ClusterProcessDirectory(ClusterMember member, Modules modules, LocalProcessDirectory local, Clock clock,
            ClusterMetrics metrics) {
        this.member = member;
        this.modules = modules;
        this.local = local;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            Supplier<? extends GenServer<?>> module) {
        if (!REPLICATED.contains(service)) {
            LOG.warn("{} runs in each instance on its own: it is not replicated in cluster mode yet", service);
            return local.keyed(supervisor, registry, service, maxCount, module);
        }
        register(service, module);
        return new ReplicatedProcesses(member::instance, service, maxCount, false, clock, metrics);
    }

    @Override
    public Singleton singleton(String service, Supplier<? extends GenServer<?>> module) {
        if (!REPLICATED.contains(service)) {
            LOG.warn("{} runs in each instance on its own: it is not replicated in cluster mode yet", service);
            return local.singleton(service, module);
        }
        register(service, module);
        return new ReplicatedSingleton(new ReplicatedProcesses(member::instance, service, 1, true, clock, metrics),
                service);
    }

    private void register(String service, Supplier<? extends GenServer<?>> module) {
        modules.register(service, module.get());
        metrics.bind(service, modules.firstUses(service));
    }
}
