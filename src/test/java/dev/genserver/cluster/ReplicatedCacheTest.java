package dev.genserver.cluster;

import static dev.genserver.cluster.ServiceCluster.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ExactJson;
import dev.genserver.app.Refusal;
import dev.genserver.cache.Cache;
import dev.genserver.cache.CacheClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    private static final String EXACT = "[1.10,1E+400,123456789012345678901234567890,{\"a\":0.1000}]";

    private final ServiceCluster<Cache> caches = new ServiceCluster<>(
            (directory, clock) -> CacheClients.on(directory, clock, 3, TTL));

    @AfterAll
    void close() {
        caches.close();
    }

    @Test
    void entriesPutThroughEveryMember_areOneCache_evictingTheLeastRecentlyUsedWhicheverMemberUsedIt() {
        JsonNode object = JsonNodeFactory.instance.objectNode().put("name", "a");
        caches.on(0).put("a", object);
        caches.on(1).put("b", IntNode.valueOf(2));
        caches.on(2).put("c", IntNode.valueOf(3));
        assertThat(caches.all()).allSatisfy(cache -> assertThat(cache.get("a")).isEqualTo(object)); // b: the LRU

        caches.on(2).put("d", IntNode.valueOf(4));

        assertThat(caches.all()).allSatisfy(cache -> {
            assertRefused(() -> cache.get("b"), Refusal.Reason.NOT_FOUND);
            assertThat(cache.stats().size()).isEqualTo(3);
        });
        assertThat(caches.on(0).stats().evictions()).isEqualTo(1);
    }

    /** Jackson's own serialization of a JsonNode reads decimals back as doubles: 1.1, and "Infinity". */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void decimals_keepEveryDigit_throughEveryMember() {
        JsonNode digits = ExactJson.read(EXACT.getBytes(StandardCharsets.UTF_8));
        for (Cache through : caches.all()) {
            through.put("digits", digits);
            assertThat(caches.all()).allSatisfy(cache -> assertThat(cache.get("digits").toString()).isEqualTo(EXACT));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void entries_keepTheirTtls_andTheirDigits_afterTheMemberHostingTheCacheIsTerminated() {
        caches.on(2).put("digits", ExactJson.read(EXACT.getBytes(StandardCharsets.UTF_8)));
        caches.on(0).put("x", IntNode.valueOf(1));
        caches.on(1).put("y", IntNode.valueOf(2));

        List<Cache> survivors = caches.terminateOwnerOf(CacheClients.KEY);
        assertThat(survivors.get(0).get("digits").toString()).isEqualTo(EXACT); // from the backup

        caches.time.advance(TTL);
        assertThat(survivors.get(0).get("x")).isEqualTo(IntNode.valueOf(1)); // at exactly its TTL; and refreshed
        caches.time.advance(Duration.ofMillis(1));
        assertRefused(() -> survivors.get(1).get("y"), Refusal.Reason.EXPIRED);
        assertThat(survivors.get(1).get("x")).isEqualTo(IntNode.valueOf(1));
        caches.time.advance(TTL.plusMillis(1));
        assertRefused(() -> survivors.get(0).get("x"), Refusal.Reason.EXPIRED);
    }
}
