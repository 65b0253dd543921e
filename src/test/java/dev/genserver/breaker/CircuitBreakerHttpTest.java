package dev.genserver.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Name;
import dev.genserver.testing.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A breaker over real HTTP with the default settings (threshold 5, open timeout 30 s). The half-open
 * transitions need the runtime's timers to fire, so they are covered by {@link CircuitBreakerServerTest} with
 * manual timers; here the wall clock is only read, never moved, so the open period stays 30 s.
 */
@IntegrationTest
class CircuitBreakerHttpTest {

    @Autowired
    private RestTestClient client;

    @Autowired
    private CircuitBreakers breakers;

    @Test
    void unusedName_isClosedWithNoFailures_andAReportedSuccessStartsNothing() {
        String name = unique();

        client.post().uri("/api/circuit-breakers/{name}/success", name).exchange()
                .expectStatus().isAccepted().expectBody().isEmpty();
        client.get().uri("/api/circuit-breakers/{name}", name).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo(name)
                .jsonPath("$.state").isEqualTo("closed")
                .jsonPath("$.failures").isEqualTo(0);
        assertThat(breakers.status(name)).isSameAs(BreakerStatus.UNUSED);
    }

    @Test
    void fiveConsecutiveFailures_openTheBreaker_andAcquireIsRefusedWithRetryAfter() {
        String name = unique();
        client.post().uri("/api/circuit-breakers/{name}/acquire", name).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("closed");

        for (int i = 0; i < 4; i++) {
            fail(name);
        }
        client.get().uri("/api/circuit-breakers/{name}", name).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("closed").jsonPath("$.failures").isEqualTo(4);
        fail(name);

        client.get().uri("/api/circuit-breakers/{name}", name).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("open").jsonPath("$.failures").isEqualTo(5);
        client.post().uri("/api/circuit-breakers/{name}/acquire", name).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "30")
                .expectBody().jsonPath("$.error").isEqualTo("circuit_open");
    }

    @Test
    void aSuccessBetweenFailures_keepsTheBreakerClosed() {
        String name = unique();
        for (int i = 0; i < 4; i++) {
            fail(name);
        }
        client.post().uri("/api/circuit-breakers/{name}/success", name).exchange().expectStatus().isAccepted();
        fail(name);

        client.get().uri("/api/circuit-breakers/{name}", name).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("closed").jsonPath("$.failures").isEqualTo(1);
    }

    private void fail(String name) {
        client.post().uri("/api/circuit-breakers/{name}/failure", name).exchange()
                .expectStatus().isAccepted().expectBody().isEmpty();
    }

    private static String unique() {
        return "cb-" + UUID.randomUUID();
    }
}
