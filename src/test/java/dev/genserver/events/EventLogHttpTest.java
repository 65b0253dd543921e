package dev.genserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The seed's {@code log_event} cast over real HTTP. The context is shared: types are unique per run. */
@IntegrationTest
class EventLogHttpTest {

    @Autowired
    private RestTestClient client;

    @Autowired
    private MutableClock clock;

    @Test
    void loggedEvents_areReadNewestFirst_withTheirTime_andCounted() {
        String login = "login-" + UUID.randomUUID();
        String logout = "logout-" + UUID.randomUUID();
        long totalBefore = stats().total();

        Instant first = clock.instant();
        log(login, "{\"user\":\"alice\",\"amount\":12345678901234567890.10}");
        clock.advance(Duration.ofSeconds(1));
        log(logout, "null");
        clock.advance(Duration.ofSeconds(1));
        log(login, "[1,2,3]");

        client.get().uri("/api/events?limit=3").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.events.length()").isEqualTo(3)
                .jsonPath("$.events[0].type").isEqualTo(login)
                .jsonPath("$.events[0].payload[2]").isEqualTo(3)
                .jsonPath("$.events[1].type").isEqualTo(logout)
                .jsonPath("$.events[1].payload").isEmpty()
                .jsonPath("$.events[2].payload.user").isEqualTo("alice")
                .jsonPath("$.events[2].at").isEqualTo(first.toString());
        String raw = client.get().uri("/api/events?limit=3").exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).as("numbers round-trip exactly").contains("12345678901234567890.10");

        EventStats stats = stats();
        assertThat(stats.total()).isEqualTo(totalBefore + 3);
        assertThat(stats.byType()).containsAllEntriesOf(Map.of(login, 2L, logout, 1L));
    }

    @Test
    void badInput_isABadRequestProblem() {
        client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"type\":\"" + "t".repeat(65) + "\",\"payload\":1}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        client.get().uri("/api/events?limit=1001").header("Accept-Language", "de").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.detail").isEqualTo("limit must be between 1 and 1000");
    }

    private void log(String type, String payload) {
        client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"type\":\"" + type + "\",\"payload\":" + payload + "}").exchange()
                .expectStatus().isAccepted()
                .expectBody().isEmpty();
    }

    private EventStats stats() {
        return client.get().uri("/api/events/stats").exchange()
                .expectStatus().isOk()
                .expectBody(EventStats.class).returnResult().getResponseBody();
    }
}
