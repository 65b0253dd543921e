package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.Refusal;
import dev.genserver.cache.Cache;
import dev.genserver.cache.CacheClients;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The cache replicated on three members: one cache whichever member is asked, its LRU order kept across them,
 * and its entries, their recency and their TTLs still there after the member hosting it is terminated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedCacheTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private final MutableClock time = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PinnedClock clock = new PinnedClock(time);
    private final Modules modules = ClusterServices.modules(clock, this::cache);
    private final InJvmCluster cluster = new InJvmCluster(3, modules);
    private final List<Cache> caches = ClusterServices.onEveryMember(cluster, modules, clock, this::cache);

    @AfterAll
    void close() {
        cluster.close();
    }

    @Test
    @Order(1)
    void entriesPutThroughEveryMember_areOneCache_evictingTheLeastRecentlyUsedWhicheverMemberUsedIt() {
        JsonNode object = JsonNodeFactory.instance.objectNode().put("name", "a");
        caches.get(0).put("a", object);
        caches.get(1).put("b", IntNode.valueOf(2));
        caches.get(2).put("c", IntNode.valueOf(3));
        assertThat(caches).allSatisfy(cache -> assertThat(cache.get("a")).isEqualTo(object)); // b is now the LRU

        caches.get(2).put("d", IntNode.valueOf(4));

        assertThat(caches).allSatisfy(cache -> {
            assertRefused(() -> cache.get("b"), Refusal.Reason.NOT_FOUND);
            assertThat(cache.stats().size()).isEqualTo(3);
        });
        assertThat(caches.get(0).stats().evictions()).isEqualTo(1);
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void entries_keepTheirTtls_afterTheMemberHostingTheCacheIsTerminated() {
        caches.get(0).put("x", IntNode.valueOf(1));
        caches.get(1).put("y", IntNode.valueOf(2));
        int owner = ClusterServices.owner(cluster, CacheClients.KEY);

        ClusterServices.terminate(cluster, owner);
        List<Cache> survivors = IntStream.range(0, 3).filter(i -> i != owner).mapToObj(caches::get).toList();

        time.advance(TTL);
        assertThat(survivors.get(0).get("x")).isEqualTo(IntNode.valueOf(1)); // at exactly its TTL; and refreshed
        time.advance(Duration.ofMillis(1));
        assertRefused(() -> survivors.get(1).get("y"), Refusal.Reason.EXPIRED);
        assertThat(survivors.get(1).get("x")).isEqualTo(IntNode.valueOf(1));
        time.advance(TTL.plusMillis(1));
        assertRefused(() -> survivors.get(0).get("x"), Refusal.Reason.EXPIRED);
    }

    private static void assertRefused(Runnable request, Refusal.Reason reason) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    }

    private Cache cache(ProcessDirectory directory) {
        return CacheClients.on(directory, clock, 3, TTL);
    }
}
