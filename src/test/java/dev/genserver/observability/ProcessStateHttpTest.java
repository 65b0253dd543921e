package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What {@code GET /actuator/processes/{idOrName}} shows of each service's state: small, and never a secret —
 * no session id or user id, no stack or store id (capabilities), no rate-limit key, no stored value.
 */
@IntegrationTest
class ProcessStateHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Test
    void sessionStore_showsCounts_neverSessionIdsOrUserIds() {
        String userId = "user-" + UUID.randomUUID();
        String sessionId = client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\":\"" + userId + "\"}").exchange().expectStatus().isCreated()
                .expectBody(SessionCreated.class).returnResult().getResponseBody().sessionId();

        String body = detail("sessions");

        assertThat(body).doesNotContain(sessionId).doesNotContain(userId);
        management.client().get().uri("/actuator/processes/sessions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state.sessions").value(Integer.class, count -> assertThat(count).isPositive())
                .jsonPath("$.state.ttl").isEqualTo("PT1M");
    }

    @Test
    void stack_isNamedWithItsIdRedacted_listedAndShown_butFoundByItsFullName() {
        String id = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[1,2,3]}").exchange().expectStatus().isCreated()
                .expectBody(Created.class).returnResult().getResponseBody().id();

        String body = detail("stacks:" + id);
        long pid = management.client().get().uri("/actuator/processes/{name}", "stacks:" + id)
                .exchange().expectStatus().isOk()
                .expectBody(ProcessId.class).returnResult().getResponseBody().id();
        String listing = management.client().get().uri("/actuator/processes?limit=1&after=" + (pid - 1)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).doesNotContain(id);
        assertThat(listing).doesNotContain(id).contains("\"name\":\"stacks:<redacted>\"");
        management.client().get().uri("/actuator/processes/{name}", "stacks:" + id).exchange().expectBody()
                .jsonPath("$.name").isEqualTo("stacks:<redacted>")
                .jsonPath("$.service").isEqualTo("stacks")
                .jsonPath("$.state.size").isEqualTo(3);
        management.client().get().uri("/actuator/processes/{name}", "stacks:<redacted>").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
    }

    @Test
    void kvStore_showsItsSize_notItsKeysNorValuesNorItsId() {
        String id = client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .expectBody(Created.class).returnResult().getResponseBody().id();
        String secret = "value-" + UUID.randomUUID();
        for (String key : List.of("alice@example.com", "b", "c", "d", "e")) {
            client.put().uri("/api/kv/{id}/entries/{key}", id, key).contentType(MediaType.APPLICATION_JSON)
                    .body("\"" + secret + "\"").exchange().expectStatus().isAccepted();
        }

        String body = detail("kv:" + id);

        assertThat(body).doesNotContain(id).doesNotContain(secret).doesNotContain("alice");
        management.client().get().uri("/actuator/processes/{name}", "kv:" + id).exchange().expectBody()
                .jsonPath("$.name").isEqualTo("kv:<redacted>")
                .jsonPath("$.state.size").isEqualTo(5)
                .jsonPath("$.state.sampleKeys").doesNotExist();
    }

    @Test
    void rateLimiter_hidesItsKey_circuitBreakerShowsItsName() {
        String key = "user-" + UUID.randomUUID() + "@example.com";
        client.post().uri("/api/rate-limits/{key}/acquire", key).exchange().expectStatus().isOk();
        String breaker = "payments-" + UUID.randomUUID();
        client.post().uri("/api/circuit-breakers/{name}/failure", breaker).exchange().expectStatus().isAccepted();

        assertThat(detail("rate-limits:" + key)).doesNotContain(key);
        management.client().get().uri("/actuator/processes/{name}", "rate-limits:" + key).exchange().expectBody()
                .jsonPath("$.name").isEqualTo("rate-limits:<redacted>")
                .jsonPath("$.state.capacity").isEqualTo(10)
                .jsonPath("$.state.available").isEqualTo(9);
        management.client().get().uri("/actuator/processes/{name}", "circuit-breakers:" + breaker)
                .exchange().expectBody()
                .jsonPath("$.name").isEqualTo("circuit-breakers:" + breaker)
                .jsonPath("$.state.state").isEqualTo("closed")
                .jsonPath("$.state.failures").isEqualTo(1);
    }

    @Test
    void cacheAndEvents_showCounts_notKeysValuesOrEventTypes() {
        String secret = "secret-" + UUID.randomUUID();
        client.put().uri("/api/cache/entries/{key}", secret).contentType(MediaType.APPLICATION_JSON)
                .body("\"" + secret + "\"").exchange().expectStatus().isAccepted();
        client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                .body("{\"type\":\"" + secret + "\",\"payload\":{\"card\":\"" + secret + "\"}}").exchange()
                .expectStatus().isAccepted();

        assertThat(detail("cache")).doesNotContain(secret).contains("\"maxSize\"");
        assertThat(detail("events")).doesNotContain(secret).contains("\"total\"");
    }

    @Test
    void everySingleton_showsASmallState() {
        for (String name : List.of("root", "counter", "cache", "calculator", "sessions", "events", "jobs",
                "slow-operations", "stacks-supervisor", "kv-supervisor", "counters-supervisor")) {
            String body = detail(name);
            assertThat(body).as(name).hasSizeLessThan(1000).contains("\"state\":{");
        }
    }

    private String detail(String idOrName) {
        return management.client().get().uri("/actuator/processes/{idOrName}", idOrName)
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The id in a creation answer or a process detail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProcessId(long id) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionCreated(String sessionId) { }
}
