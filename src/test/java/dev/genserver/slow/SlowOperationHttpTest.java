package dev.genserver.slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.ManualTimersConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * "Early Return and Async Reply" over real HTTP: operations overlap, and the process answers meanwhile. The
 * runtime's timers move by hand, so an operation finishes exactly when the test lets its delay pass.
 *
 * <p>The idle timeouts are {@code keyed.IdleTimeoutsHttpTest}'s, which no slow operation meets: with the same
 * settings, the two classes run in one application context instead of starting one each.
 */
@IntegrationTest
@Import(ManualTimersConfiguration.class)
@TestPropertySource(properties = {"genserver.stacks.idle-timeout=60s", "genserver.kv.idle-timeout=60s",
        "genserver.counters.idle-timeout=60s"})
class SlowOperationHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManualTimers timers;
    @Autowired
    private Clock clock;

    @Test
    void fiveConcurrentOperations_areInFlightTogether_whileStatsAnswer_andEndWhenTheirDelayHasPassed() {
        long completedBefore = stats().completed();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<SlowOperationResult>> operations = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> perform(4000), clients))
                    .toList();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stats().inFlight() == 5);

            timers.advance(Duration.ofMillis(3999));
            assertThat(stats()).as("a millisecond short of their delay").isEqualTo(
                    new SlowOperationStats(5, completedBefore));
            assertThat(operations).noneMatch(CompletableFuture::isDone);

            timers.advance(Duration.ofMillis(1));
            assertThat(operations).allSatisfy(op -> assertThat(op.join().delayMs()).isEqualTo(4000));
        }
        assertThat(stats()).isEqualTo(new SlowOperationStats(0, completedBefore + 5));
    }

    @Test
    void anOperation_answersItsDelayAndCompletionTime() {
        CompletableFuture<SlowOperationResult> operation = CompletableFuture.supplyAsync(() -> perform(30));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> stats().inFlight() == 1);

        timers.advance(Duration.ofMillis(30));

        assertThat(operation.join()).isEqualTo(new SlowOperationResult(30, clock.instant()));
    }

    @Test
    void aDelayOutOfRange_isABadRequestProblem() {
        client.post().uri("/api/slow-operations").contentType(MediaType.APPLICATION_JSON)
                .body("{\"delayMs\": 10001}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    private SlowOperationResult perform(long delayMs) {
        return client.post().uri("/api/slow-operations").contentType(MediaType.APPLICATION_JSON)
                .body("{\"delayMs\": " + delayMs + "}").exchange()
                .expectStatus().isOk()
                .expectBody(SlowOperationResult.class).returnResult().getResponseBody();
    }

    private SlowOperationStats stats() {
        return client.get().uri("/api/slow-operations/stats").exchange()
                .expectStatus().isOk()
                .expectBody(SlowOperationStats.class).returnResult().getResponseBody();
    }
}
