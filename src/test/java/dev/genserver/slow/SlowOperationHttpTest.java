package dev.genserver.slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.testing.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** "Early Return and Async Reply" over real HTTP: operations overlap, and the process answers meanwhile. */
@IntegrationTest
class SlowOperationHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void fiveConcurrentOperations_areInFlightTogether_whileStatsAnswer() {
        long completedBefore = stats().completed();
        List<CompletableFuture<SlowOperationResult>> operations;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // long enough that all five are sure to overlap, even when a loaded machine is slow to send them
            operations = IntStream.range(0, 5)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> perform(4000), clients))
                    .toList();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stats().inFlight() == 5);
        }

        assertThat(operations).allSatisfy(op -> assertThat(op.join().delayMs()).isEqualTo(4000));
        assertThat(stats()).isEqualTo(new SlowOperationStats(0, completedBefore + 5));
    }

    @Test
    void anOperation_answersItsDelayAndCompletionTime() {
        client.post().uri("/api/slow-operations").contentType(MediaType.APPLICATION_JSON)
                .body("{\"delayMs\": 30}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.delayMs").isEqualTo(30)
                .jsonPath("$.completedAt").isNotEmpty();
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
