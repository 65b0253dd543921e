package dev.genserver.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The rate limiter over real HTTP with the default settings (capacity 10, 10 tokens per second). The clock is
 * the shared {@link MutableClock}; the tests only read it or move it forward.
 */
@IntegrationTest
class RateLimitHttpTest {

    @Autowired
    private RestTestClient client;

    @Autowired
    private MutableClock clock;

    @Autowired
    private ProcessTree tree;

    @Test
    void unusedKey_showsAFullBucket_withoutStartingAProcess() {
        String key = unique();

        client.get().uri("/api/rate-limits/{key}", key).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.key").isEqualTo(key)
                .jsonPath("$.capacity").isEqualTo(10)
                .jsonPath("$.available").isEqualTo(10)
                .jsonPath("$.refillPerSecond").isEqualTo(10);
        assertThat(bucket(key)).isEmpty();
    }

    @Test
    void acquireUntilEmpty_isRateLimited_thenTheClockRefillsTheBucket() {
        String key = unique();

        client.post().uri("/api/rate-limits/{key}/acquire?permits=4", key).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Limit", "10")
                .expectHeader().valueEquals("RateLimit-Remaining", "6")
                .expectHeader().valueEquals("RateLimit-Reset", "1")
                .expectBody()
                .jsonPath("$.key").isEqualTo(key)
                .jsonPath("$.allowed").isEqualTo(true)
                .jsonPath("$.remaining").isEqualTo(6);
        assertThat(bucket(key)).isPresent();
        client.post().uri("/api/rate-limits/{key}/acquire?permits=6", key).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.remaining").isEqualTo(0);

        client.post().uri("/api/rate-limits/{key}/acquire", key).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().valueEquals("RateLimit-Reset", "1")
                .expectBody().jsonPath("$.error").isEqualTo("rate_limited");

        clock.advance(Duration.ofMillis(300));
        client.get().uri("/api/rate-limits/{key}", key).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.available").isEqualTo(3);
        client.post().uri("/api/rate-limits/{key}/acquire?permits=3", key).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.remaining").isEqualTo(0);
    }

    @Test
    void permitsOutsideOneToCapacity_isBadRequest() {
        for (String permits : List.of("0", "11", "x")) {
            client.post().uri("/api/rate-limits/k/acquire?permits={p}", permits).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        }
    }

    @Test
    void concurrentFirstUses_shareOneBucket_andExactlyCapacityAreAllowed() throws Exception {
        String key = unique();
        List<Callable<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            requests.add(() -> client.post().uri("/api/rate-limits/{key}/acquire", key).exchange()
                    .returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : pool.invokeAll(requests)) {
                statuses.add(status.get());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(20);
    }

    /** {@code key}'s bucket process, if it has one now: its registry's {@code whereis}. */
    private Optional<Pid> bucket(String key) {
        return tree.registries().stream().filter(registry -> registry.name().equals("rate-limits")).findFirst()
                .orElseThrow().whereis(key);
    }

    private static String unique() {
        return "rl-" + UUID.randomUUID();
    }
}
