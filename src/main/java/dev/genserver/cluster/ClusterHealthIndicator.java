package dev.genserver.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code cluster} health component: the members this one sees and which of them it is, and whether partitions
 * are migrating between members. Part of readiness: below {@code min-members} this instance refuses the replicated
 * processes' messages, reads included (split-brain protection), so it is taken out of the load balancer rather
 * than answering 503s. Also how far this member's clock is from the master's ({@link ClockOffset}), which does not
 * change the status. Reads what this member knows locally, with no remote call, so it answers under any load.
 */
final class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterMember member;
    private final MigrationWatch migrations;
    private final int minMembers;
    private final ClockOffset clockOffset;

    ClusterHealthIndicator(ClusterMember member, MigrationWatch migrations, int minMembers, ClockOffset clockOffset) {
        this.member = member;
        this.migrations = migrations;
        this.minMembers = minMembers;
        this.clockOffset = clockOffset;
    }

    @Override
    public Health health() {
        if (!member.isJoined()) {
            return Health.outOfService().withDetail("member", "not joined").build();
        }
        HazelcastInstance instance = member.instance();
        List<String> members = instance.getCluster().getMembers().stream().map(ClusterHealthIndicator::text).toList();
        Health.Builder health = members.size() >= minMembers ? Health.up() : Health.outOfService();
        return health.withDetail("members", members)
                .withDetail("this", text(instance.getCluster().getLocalMember()))
                .withDetail("minMembers", minMembers)
                .withDetail("partitions", migrations.migrating() ? "migrating" : "stable")
                .withDetail("clockOffsetMillis", clockOffset.millis().orElse(0))
                .build();
    }

    /** A member as {@code host:port}, the form {@code genserver.cluster.members} takes. */
    static String text(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
