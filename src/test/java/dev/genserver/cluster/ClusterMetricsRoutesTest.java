package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.genserver.app.ServiceUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The route a message to a replicated process is timed on. */
class ClusterMetricsRoutesTest {

    /**
     * Hazelcast's instance proxy answers {@code isRunning} and then, shut down a moment later, throws from
     * {@code getPartitionService}: a window no real cluster opens on demand, so the member is a double here. The
     * check ran outside the operation's translation of Hazelcast's failures, and its exception escaped as a 500.
     */
    @Test
    void aMemberStoppingUnderTheOwnersCheck_timesTheMessageAsForwarded_andItFailsAsOnAStoppingMember() {
        HazelcastInstance stopping = mock(HazelcastInstance.class);
        when(stopping.getPartitionService()).thenThrow(new HazelcastInstanceNotActiveException());
        ClusterMember member = mock(ClusterMember.class);
        when(member.instance()).thenReturn(stopping);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClusterMetrics.Routes routes = new ClusterMetrics(member, registry).routes("kv");

        assertThatThrownBy(() -> routes.timed("key", () -> ReplicatedProcesses.guarded(() -> {
            throw new HazelcastInstanceNotActiveException();
        }))).isInstanceOf(ServiceUnavailableException.class);
        assertThat(registry.get("genserver.cluster.messages").tag("route", "forwarded").timer().count()).isOne();
    }
}
