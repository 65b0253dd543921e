package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The seed's cache session over real HTTP. The context is shared and runs with the default settings, so each
 * test first moves the shared clock past the ttl: every entry left by earlier tests then counts as expired, and
 * sizes start from zero. Counters are compared before and after.
 */
@IntegrationTest
class CacheHttpTest {

    @Autowired
    private RestTestClient client;

    @Autowired
    private MutableClock clock;

    private CacheStats start;

    @BeforeEach
    void expireEverything() {
        clock.advance(Duration.ofMillis(stats().ttl().movePointRight(3).longValueExact() + 1));
        start = stats();
        assertThat(start.size()).isZero();
    }

    @Test
    void seedSession_putAB_getA_statsShowSizeTwo() {
        put("a", "1");
        put("b", "2");

        client.get().uri("/api/cache/entries/a").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"key\":\"a\",\"value\":1}", JsonCompareMode.STRICT);
        CacheStats stats = stats();
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.hits()).isEqualTo(start.hits() + 1);
    }

    @Test
    void fullCache_newKeyEvictsTheLeastRecentlyRead() {
        int maxSize = start.maxSize();
        for (int i = 0; i < maxSize; i++) {
            put("lru-" + i, Integer.toString(i));
        }
        client.get().uri("/api/cache/entries/lru-0").exchange().expectStatus().isOk();

        put("lru-new", "\"fresh\"");

        client.get().uri("/api/cache/entries/lru-1").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        client.get().uri("/api/cache/entries/lru-0").exchange().expectStatus().isOk();
        CacheStats stats = stats();
        assertThat(stats.size()).isEqualTo(maxSize);
        assertThat(stats.evictions()).isEqualTo(start.evictions() + 1);
    }

    @Test
    void afterTtl_getIsGoneOnce_thenNotFound_andDeleteIsNotFound() {
        put("ttl-a", "1");
        put("ttl-b", "2");
        stats(); // handled after both puts: they have read the clock before it moves
        clock.advance(Duration.ofMillis(start.ttl().movePointRight(3).longValueExact() + 1));

        client.get().uri("/api/cache/entries/ttl-a").exchange()
                .expectStatus().isEqualTo(410)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("expired");
        client.get().uri("/api/cache/entries/ttl-a").exchange().expectStatus().isNotFound();
        client.delete().uri("/api/cache/entries/ttl-b").exchange().expectStatus().isNotFound();
        CacheStats stats = stats();
        assertThat(stats.size()).isZero();
        assertThat(stats.expirations()).isEqualTo(start.expirations() + 2);
        assertThat(stats.evictions()).isEqualTo(start.evictions());
    }

    @Test
    void anyJsonValue_nullIncluded_roundTripsExactly() {
        put("json-null", "null");
        put("json-big", "[12345678901234567890123, 1.10, {\"x\": \"y\"}]");

        client.get().uri("/api/cache/entries/json-null").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("{\"key\":\"json-null\",\"value\":null}");
        client.get().uri("/api/cache/entries/json-big").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .isEqualTo("{\"key\":\"json-big\",\"value\":[12345678901234567890123,1.10,{\"x\":\"y\"}]}");
    }

    @Test
    void delete_live_isNoContent_thenNotFound() {
        put("del", "true");

        client.delete().uri("/api/cache/entries/del").exchange().expectStatus().isNoContent();
        client.delete().uri("/api/cache/entries/del").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
    }

    @Test
    void unicodeKey_roundTrips_andDotDotIsRefused() {
        put("schlüssel ✓", "1");

        client.get().uri("/api/cache/entries/{key}", "schlüssel ✓").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.key").isEqualTo("schlüssel ✓");
        client.get().uri("/api/cache/entries/{key}", "a;b").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_key");
    }

    private void put(String key, String json) {
        client.put().uri("/api/cache/entries/{key}", key).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().isEmpty();
    }

    private CacheStats stats() {
        return client.get().uri("/api/cache/stats").exchange()
                .expectStatus().isOk()
                .expectBody(CacheStats.class).returnResult().getResponseBody();
    }
}
