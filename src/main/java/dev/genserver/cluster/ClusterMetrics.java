package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The cluster's meters: {@code genserver_cluster_members}, and per service the messages this member sent to a
 * process it hosts ({@code genserver_cluster_messages_seconds{route="local"}}) or forwarded to the member owning
 * the key ({@code route="forwarded"}). A message's time includes its synchronous backup, so the difference
 * between the two routes is the forwarding hop and the rest is replication.
 */
final class ClusterMetrics {

    private final ClusterMember member;
    private final MeterRegistry registry;
    private final Map<String, LongAdder> creates = new ConcurrentHashMap<>();

    ClusterMetrics(ClusterMember member, MeterRegistry registry) {
        this.member = member;
        this.registry = registry;
        Gauge.builder("genserver.cluster.members", member,
                        m -> m.isJoined() ? m.instance().getCluster().getMembers().size() : 0)
                .description("Members of the cluster this instance sees").register(registry);
    }

    /**
     * {@code genserver_cluster_activations_total{service, cause="first_use"}}: processes started on this member
     * from their module by a message to their key; and per member,
     * {@code genserver_cluster_partitions_taken_total{cause}}: primary partitions (with every process in them) this
     * member took over after a member's loss ({@code failover}) or in a rebalance ({@code migration}).
     */
    void bind(String service, LongAdder firstUses) {
        activations(service, "first_use", firstUses);
    }

    /**
     * {@code genserver_cluster_activations_total{service, cause="create"}}: processes a create started on this
     * member under a new key (a stack, a store); the retry of a create that finds its first attempt's is not one.
     */
    LongAdder creates(String service) {
        return creates.computeIfAbsent(service, named -> {
            LongAdder count = new LongAdder();
            activations(named, "create", count);
            return count;
        });
    }

    private void activations(String service, String cause, LongAdder count) {
        FunctionCounter.builder("genserver.cluster.activations", count, LongAdder::sum)
                .description("Replicated processes started on this member").tag("service", service)
                .tag("cause", cause).register(registry);
    }

    void bind(MigrationWatch migrations) {
        for (boolean failover : new boolean[] {true, false}) {
            FunctionCounter.builder("genserver.cluster.partitions.taken", migrations,
                            m -> m.partitionsTaken(failover))
                    .description("Primary partitions this member took over, with the processes in them")
                    .tag("cause", failover ? "failover" : "migration").register(registry);
        }
    }

    /** {@code genserver_cluster_clock_offset_seconds}: the master's clock less this member's (0 before joining). */
    void bind(ClockOffset clockOffset) {
        Gauge.builder("genserver.cluster.clock.offset", clockOffset, o -> o.millis().orElse(0) / 1000.0)
                .description("The cluster master's clock less this member's, as Hazelcast's heartbeats measure it")
                .baseUnit("seconds").register(registry);
    }

    /** The timers of {@code service}'s messages, made once so that a message pays no lookup for them. */
    Routes routes(String service) {
        return new Routes(member, timer(service, "local"), timer(service, "forwarded"));
    }

    private Timer timer(String service, String route) {
        return Timer.builder("genserver.cluster.messages")
                .description("Messages to replicated processes, by the route they took, backup included")
                .tag("service", service).tag("route", route).register(registry);
    }

    /** One service's two routes: to a process this member hosts, or forwarded to the key's owner. */
    record Routes(ClusterMember member, Timer local, Timer forwarded) {

        <T> T timed(String key, Supplier<T> operation) {
            return (isLocal(key) ? local : forwarded).record(operation);
        }

        /**
         * A member that stops between its running check and the partition table's answer counts the message as
         * forwarded: the message itself then fails as on a stopping member (503), where this check's exception
         * would have escaped as a 500.
         */
        private boolean isLocal(String key) {
            try {
                return ClusterMember.owns(member.instance(), key);
            } catch (HazelcastInstanceNotActiveException stopping) {
                return false;
            }
        }
    }
}
