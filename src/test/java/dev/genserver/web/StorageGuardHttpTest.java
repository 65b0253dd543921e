package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManagementServerConfiguration;
import dev.genserver.testing.TestClockConfiguration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * While the heap is fuller than {@code genserver.web.max-heap-occupancy} (0.85) after a collection, what would
 * store more is refused 507 {@code insufficient_storage} and stores nothing; what reads or frees is served, and
 * storing resumes once a collection finds room. The occupancy is set by hand here, as {@link HeapOccupancy} would
 * report it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureRestTestClient
@Import({TestClockConfiguration.class, ManagementServerConfiguration.class, StorageGuardHttpTest.SetOccupancy.class})
class StorageGuardHttpTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class SetOccupancy {

        static volatile double occupancy;
        /** The heap's maximum as the guard sees it; 0: this JVM's. */
        static volatile long max;

        @Bean
        @Primary
        HeapOccupancy setHeapOccupancy() {
            return new HeapOccupancy() {
                @Override
                double occupied() {
                    return occupancy;
                }

                @Override
                long max() {
                    return max == 0 ? super.max() : max;
                }

                @Override
                long inUse() {
                    return Long.MAX_VALUE; // bounds nothing: the estimates alone judge here
                }
            };
        }
    }

    /** A heap of 16 MB, as the guard sees it: room for 5.6 MB more at half full. */
    private static final long SMALL_HEAP = 16L << 20;

    @Autowired
    private RestTestClient client;

    @Autowired
    private HeapOccupancy heap;

    @AfterEach
    void roomAgain() {
        SetOccupancy.occupancy = 0;
        SetOccupancy.max = 0;
        heap.collected(0); // forgets what the tests stored
    }

    @Test
    void aNearlyFullHeap_refusesEveryStoringRequest_andStoresNothing() {
        String stack = created("/api/stacks", "{}");
        String store = created("/api/kv", null);
        String cacheKey = "/api/cache/entries/guard-" + UUID.randomUUID();
        SetOccupancy.occupancy = 0.85;

        assertRefused(client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("1"));
        assertRefused(client.post().uri(stack + "/push").contentType(MediaType.APPLICATION_JSON)
                .body("{\"item\":1}"));
        assertRefused(client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[1]}"));
        assertRefused(client.put().uri(store + "/entries/k").contentType(MediaType.APPLICATION_JSON).body("1"));
        assertRefused(client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"type\":\"guarded\",\"payload\":1}"));
        assertRefused(client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\":\"guarded\"}"));

        client.get().uri(cacheKey).exchange().expectStatus().isNotFound();
        client.get().uri(stack + "/size").exchange().expectBody().json("{\"size\":0}");
        client.get().uri(store + "/keys").exchange().expectBody().json("{\"keys\":[]}");
        client.get().uri("/api/events/stats").exchange().expectBody().jsonPath("$.byType.guarded")
                .doesNotExist();
    }

    @Test
    void aNearlyFullHeap_servesWhatReadsOrFrees() {
        String stack = created("/api/stacks", "{\"items\":[\"kept\"]}");
        String cacheKey = "/api/cache/entries/guard-" + UUID.randomUUID();
        client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("1").exchange()
                .expectStatus().isAccepted();
        SetOccupancy.occupancy = 0.99;

        client.get().uri(cacheKey).exchange().expectStatus().isOk();
        client.delete().uri(cacheKey).exchange().expectStatus().isNoContent();
        client.post().uri(stack + "/pop").exchange().expectStatus().isOk().expectBody().json("{\"item\":\"kept\"}");
        client.post().uri("/api/counter/increment").exchange().expectStatus().isOk();
        client.delete().uri(stack).exchange().expectStatus().isNoContent();
        // creates that carry no data are small processes, bounded by their max-count: not refused
        String store = created("/api/kv", null);
        client.post().uri("/api/counters/guard-" + UUID.randomUUID() + "/increment").exchange().expectStatus().isOk();
        client.delete().uri(store).exchange().expectStatus().isNoContent();
    }

    @Test
    void aRefusedCreate_startsNoStack() {
        int before = stackCount();
        SetOccupancy.occupancy = 0.9;

        assertRefused(client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body("{}"));

        assertThat(stackCount()).isEqualTo(before);
    }

    private int stackCount() {
        return client.get().uri("/api/stacks").exchange().expectStatus().isOk().returnResult(StackIds.class)
                .getResponseBody().ids().size();
    }

    private record StackIds(List<String> ids) {
    }

    @Test
    void storingResumes_onceACollectionFindsRoom() {
        String cacheKey = "/api/cache/entries/guard-" + UUID.randomUUID();
        SetOccupancy.occupancy = 0.9;
        assertRefused(client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("1"));

        SetOccupancy.occupancy = 0.849;

        client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("1").exchange()
                .expectStatus().isAccepted();
        client.get().uri(cacheKey).exchange().expectStatus().isOk();
    }

    @Test
    void aBodyWhoseTreeWouldTakeTheHeapPastTheLimit_isRefusedBelowIt_andStoresNothing() {
        halfOfASmallHeap();
        String cacheKey = "/api/cache/entries/guard-" + UUID.randomUUID();
        String event = "{\"type\":\"big-tree\",\"payload\":" + emptyObjects(150_000) + "}"; // estimated 8.3 MB

        // (8 MiB + 8.3 MB) of 16 MiB
        client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).body(event).exchange()
                .expectStatus().isEqualTo(507).expectBody().jsonPath("$.error").isEqualTo("insufficient_storage")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("99 % full"));
        client.get().uri("/api/events/stats").exchange().expectBody().jsonPath("$.byType.big-tree").doesNotExist();

        client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("1").exchange()
                .expectStatus().isAccepted(); // a small body fits in the room left
    }

    @Test
    void whatWasStoredSinceTheLastCollection_countsAgainstTheRoom_untilTheNextCollection() {
        halfOfASmallHeap();
        String tree = emptyObjects(60_000); // estimated 3.3 MB: one fits in the room, two do not
        String first = "/api/cache/entries/guard-" + UUID.randomUUID();
        String second = "/api/cache/entries/guard-" + UUID.randomUUID();

        client.put().uri(first).contentType(MediaType.APPLICATION_JSON).body(tree).exchange()
                .expectStatus().isAccepted();
        client.put().uri(second).contentType(MediaType.APPLICATION_JSON).body(tree).exchange()
                .expectStatus().isEqualTo(507);
        client.get().uri(second).exchange().expectStatus().isNotFound();

        heap.collected(0.5); // it found the first stored, in the half it reports

        client.put().uri(second).contentType(MediaType.APPLICATION_JSON).body(tree).exchange()
                .expectStatus().isAccepted();
    }

    @Test
    void aBodyAnsweredWithAClientError_storedNothing_soCountsNothingOnceAnswered() {
        halfOfASmallHeap();
        String tree = emptyObjects(60_000); // estimated 3.3 MB: one fits in the room, two do not
        String cacheKey = "/api/cache/entries/guard-" + UUID.randomUUID();

        client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body("x" + tree.substring(1)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_json");
        client.post().uri("/api/stacks/no-such-stack/push").contentType(MediaType.APPLICATION_JSON)
                .body("{\"item\":" + tree + "}").exchange().expectStatus().isNotFound();

        client.put().uri(cacheKey).contentType(MediaType.APPLICATION_JSON).body(tree).exchange()
                .expectStatus().isAccepted();
    }

    /** The guard sees a heap of 16 MB, half full: room for 5.6 MB more. */
    private static void halfOfASmallHeap() {
        SetOccupancy.max = SMALL_HEAP;
        SetOccupancy.occupancy = 0.5;
    }

    /** A JSON array of empty objects, {@code bytes} long or one less. */
    static String emptyObjects(int bytes) {
        return "[" + "{},".repeat((bytes - 2) / 3 - 1) + "{}]";
    }

    private String created(String uri, String body) {
        RestTestClient.RequestBodySpec request = client.post().uri(uri);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange().expectStatus().isCreated().returnResult().getResponseHeaders().getLocation()
                .getPath();
    }

    private static void assertRefused(RestTestClient.RequestHeadersSpec<?> request) {
        String percent = Math.round(SetOccupancy.occupancy * 100) + " % full";
        request.exchange().expectStatus().isEqualTo(507)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectBody().jsonPath("$.error").isEqualTo("insufficient_storage")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(percent));
    }
}
