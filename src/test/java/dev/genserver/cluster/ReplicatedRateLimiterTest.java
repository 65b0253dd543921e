package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import dev.genserver.ratelimit.RateLimitClients;
import dev.genserver.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rate limiter replicated on three members: one bucket per key whichever member is asked, refilled lazily from
 * the time each message carries, so a bucket whose owner is terminated still refills on the survivors; idle
 * buckets are dropped by the map's max idle, the cluster's form of the process's idle timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedRateLimiterTest {

    private static final Duration IDLE = Duration.ofSeconds(60);

    private final ServiceCluster<RateLimiter> limiters = new ServiceCluster<>(
            (directory, clock) -> RateLimitClients.on(directory, clock, 10, "1", IDLE));

    @AfterAll
    void close() {
        limiters.close();
    }

    @Test
    void acquire_fromEveryMember_drawsOnTheOneBucketOfTheKey() {
        for (int i = 0; i < 6; i++) {
            assertThat(String.valueOf(limiters.on(i % 3).acquire("shared", 1))).startsWith("Allowed");
        }

        assertThat(limiters.all()).allSatisfy(limiter -> assertThat(limiter.available("shared")).isEqualTo(4));
        assertThat(String.valueOf(limiters.on(1).acquire("shared", 5))).startsWith("Limited");
    }

    @Test
    void theBucketsMap_dropsEntriesIdleForTheIdleTimeoutAndTheRemovalMargin_onEveryMember_andKeepsTheSharedSettings() {
        for (ClusterMember member : limiters.cluster().members()) {
            MapConfig buckets = member.instance().getConfig().findMapConfig("genserver.rate-limit");
            assertThat(buckets.getMaxIdleSeconds()).isEqualTo((int) IDLE.plus(Invoke.REMOVAL_MARGIN).toSeconds());
            assertThat(buckets.getBackupCount()).isEqualTo(1);
            assertThat(buckets.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
            assertThat(member.instance().getConfig().findMapConfig("genserver.counter").getMaxIdleSeconds()).isZero();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void aDrainedBucket_keepsItsTokens_andStillRefills_afterItsOwnerIsTerminated() {
        limiters.on(0).acquire("drained", 10);

        List<RateLimiter> survivors = limiters.terminateOwnerOf("drained");

        assertThat(survivors).allSatisfy(limiter -> assertThat(limiter.available("drained")).isZero());
        limiters.time.advance(Duration.ofSeconds(3));
        assertThat(survivors).allSatisfy(limiter -> assertThat(limiter.available("drained")).isEqualTo(3));
        assertThat(String.valueOf(survivors.get(0).acquire("drained", 3))).startsWith("Allowed");
        assertThat(String.valueOf(survivors.get(1).acquire("drained", 1))).startsWith("Limited");
    }
}
