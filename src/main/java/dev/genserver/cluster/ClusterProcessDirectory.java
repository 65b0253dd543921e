package dev.genserver.cluster;

import dev.genserver.app.Singleton;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.GenServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory in cluster mode: the services whose handlers are deterministic given their message and the time
 * it carries, and which need no process around them, become {@link ReplicatedProcesses}; the others stay in this
 * instance's tree, each instance with its own, and say so in the log at start-up.
 *
 * <p>What a replicated service does instead of what a process would give it: an idle timeout (a rate-limit
 * bucket's, a breaker's) is decided by the message that leaves the state idle, after
 * which owner and backup alike take the entry for no process ({@link Invoke}, {@link Replica#idleUntil}; reads do
 * not extend it), and Hazelcast removes the entry later; the circuit
 * breaker's {@code send_after} timers become transitions made lazily by the next message, at the time each was
 * due; the session store takes new ids from its callers rather than drawing them, and its scheduled cleanup is
 * sent only by the member hosting it ({@link dev.genserver.app.Singleton#isLocal}); the cache's LRU list has a flat
 * serialized form of its own.
 */
final class ClusterProcessDirectory implements ProcessDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessDirectory.class);

    /**
     * Replicated today: every stateful service but the job queue and the slow operations, whose replies are
     * deferred ({@code NoReply}), which a {@code Step} cannot do; the calculator, which has no state, stays in each
     * instance too, sparing each divide a hop to another member. The queue stays in each instance: its job runs in
     * a worker process that blocks for the job's duration, which a handler on a partition thread must never do,
     * and the queue learns of a worker's end from a monitor's {@code DOWN}, which has no replicated counterpart.
     * Each instance therefore runs the jobs submitted to it; {@link ClusterJobHomes} lets any instance answer for
     * them, and reports those of a lost instance failed with {@code node_down}.
     */
    static final Set<String> REPLICATED = Set.of("counter", "counters", "stacks", "kv", "events", "rate-limit",
            "circuit-breaker", "sessions", "cache");

    private final ClusterMember member;
    private final Modules modules;
    private final LocalProcessDirectory local;
    private final Clock clock;
    private final ClusterMetrics metrics;
    private final boolean confirmedReads;

    ClusterProcessDirectory(ClusterMember member, Modules modules, LocalProcessDirectory local, Clock clock,
            ClusterMetrics metrics, boolean confirmedReads) {
        this.member = member;
        this.modules = modules;
        this.local = local;
        this.clock = clock;
        this.metrics = metrics;
        this.confirmedReads = confirmedReads;
    }

    /** A replicated process idles out with its entry. */
    @Override
    public KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            @Nullable Duration idleTimeout, Supplier<? extends GenServer<?>> module) {
        if (!REPLICATED.contains(service)) {
            LOG.warn("{} runs in each instance on its own: it is not replicated in cluster mode yet", service);
            return local.keyed(supervisor, registry, service, maxCount, idleTimeout, module);
        }
        if (idleTimeout != null) {
            modules.idleTimeout(service, idleTimeout);
        }
        register(service, module);
        return new ReplicatedProcesses(member::instance, service, maxCount, false, clock, metrics,
                confirmedReads);
    }

    /**
     * The replicated process of {@code service}, or, for one {@link #REPLICATED} leaves out by design, the one this
     * instance starts, said once at start-up as the operator's to know.
     */
    @Override
    public Singleton singleton(String service, @Nullable Duration shutdown, Supplier<? extends GenServer<?>> module) {
        if (!REPLICATED.contains(service)) {
            LOG.info("{} runs in each instance on its own: it is not replicated (see the README's cluster mode)",
                    service);
            return local.singleton(service, shutdown, module);
        }
        register(service, module);
        return new ReplicatedSingleton(new ReplicatedProcesses(member::instance, service, 1, true, clock, metrics,
                confirmedReads), service);
    }

    private void register(String service, Supplier<? extends GenServer<?>> module) {
        modules.register(service, module.get());
        metrics.bind(service, modules.firstUses(service));
    }
}
