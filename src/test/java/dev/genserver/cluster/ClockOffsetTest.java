package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.CapturedLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member measures its clock against the master's, which Hazelcast's heartbeats bring it: the members of one JVM
 * share a clock, so a member's own clock is run 15 s ahead here by the supplier the service stamps messages with.
 */
class ClockOffsetTest {

    private static final long AHEAD = 15_000;

    @RegisterExtension
    final CapturedLog log = new CapturedLog(ClockOffset.class);

    private static InJvmCluster cluster;
    private final AtomicLong nanoTime = new AtomicLong();

    @BeforeAll
    static void join() {
        cluster = new InJvmCluster(2, new Modules());
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void aClockInAgreement_isWithinASecond_andSaysNothing() {
        ClockOffset offset = offsetOf(cluster.member(1), 0);

        assertThat(Math.abs(offset.millis().orElseThrow())).isLessThan(ClockOffset.TOLERATED.toMillis());
        offset.check();
        assertThat(log.messages()).isEmpty();
    }

    @Test
    void aClockAhead_isMeasuredAgainstTheMasters_andWarnedOfOnceAMinute() {
        ClockOffset offset = offsetOf(cluster.member(1), AHEAD);

        assertThat(offset.millis().orElseThrow()).isBetween(-AHEAD - 1000, -AHEAD + 1000);
        offset.check();
        offset.check();
        assertThat(log.messages()).hasSize(1);
        assertThat(log.messages().getFirst()).contains("s ahead of the cluster's master's");

        nanoTime.addAndGet(Duration.ofMinutes(1).toNanos());
        offset.check();
        assertThat(log.messages()).hasSize(2);
    }

    @Test
    void theClusterHealthComponent_showsTheOffset() {
        ClockOffset offset = offsetOf(cluster.member(1), AHEAD);
        ClusterHealthIndicator health = new ClusterHealthIndicator(cluster.member(1), new MigrationWatch(), 1, offset);

        assertThat((long) health.health().getDetails().get("clockOffsetMillis")).isBetween(-AHEAD - 1000,
                -AHEAD + 1000);
    }

    @Test
    void theWarning_saysWhichWayTheClockIsOff() {
        assertThat(ClockOffset.warning(-15_000)).startsWith("this member's clock is 15.0 s ahead of the cluster's");
        assertThat(ClockOffset.warning(2_500)).startsWith("this member's clock is 2.5 s behind the cluster's");
    }

    private ClockOffset offsetOf(ClusterMember member, long ahead) {
        return new ClockOffset(member, () -> System.currentTimeMillis() + ahead,
                new LogThrottle(Duration.ofMinutes(1), nanoTime::get));
    }
}
