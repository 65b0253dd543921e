package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats go often enough for the timeout they are judged by. Hazelcast suspects a member whose last heartbeat
 * is older than {@code hazelcast.max.no.heartbeat.seconds} and sends one every 5 s by default: with the shortest
 * timeout the service takes, an idle cluster of live members fell apart, each member alone (a cluster hunt saw it at
 * 2 s; a pause of 8 s against 10 s split a member off the same way).
 */
class HeartbeatTest {

    private static final Duration SHORTEST_TIMEOUT = Duration.ofSeconds(3);
    /** Longer than the timeout plus Hazelcast's default interval of 5 s: a heartbeat at that pace would be late. */
    private static final Duration WATCHED = Duration.ofSeconds(10);

    private final InJvmCluster cluster = new InJvmCluster(2,
            ReplicatedProcessesTest.modules(new PinnedClock(Clock.systemUTC()), "tally"), 1, SHORTEST_TIMEOUT);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anIdleClusterOfLiveMembers_staysWhole_underTheShortestHeartbeatTimeout() {
        List<MembershipEvent> removed = new CopyOnWriteArrayList<>();
        for (ClusterMember member : cluster.members()) {
            member.instance().getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent added) {
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    removed.add(event);
                }
            });
        }

        await().during(WATCHED).atMost(WATCHED.plusSeconds(5)).until(() -> removed.isEmpty()
                && cluster.members().stream().allMatch(m -> m.instance().getCluster().getMembers().size() == 2));
        assertThat(removed).isEmpty();
    }
}
