package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Every service bounds what a client can make it hold: processes per service (503 {@code max_children} with
 * {@code Retry-After}, OTP's {@code {:error, :max_children}}), items per stack and entries per store (409
 * {@code full}), and sessions (503 {@code max_sessions}). Each refusal leaves what exists untouched.
 */
@ReliabilityTest
class LimitsHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void stacks_pastMaxCount_areMaxChildren_untilOneIsDeleted() {
        List<String> created = createUntilRefused(() -> located(client.post().uri("/api/stacks").exchange()));
        try {
            assertThat(ids("/api/stacks")).hasSize(ReliabilityTest.MAX_COUNT);
            delete(created.removeFirst());
            created.add(location(client.post().uri("/api/stacks").exchange().expectStatus().isCreated()
                    .returnResult(String.class)));
        } finally {
            created.forEach(this::delete);
        }
    }

    @Test
    void kvStores_pastMaxCount_areMaxChildren() {
        List<String> created = createUntilRefused(() -> located(client.post().uri("/api/kv").exchange()));
        try {
            assertThat(ids("/api/kv")).hasSize(ReliabilityTest.MAX_COUNT);
        } finally {
            created.forEach(this::delete);
        }
    }

    @Test
    void namedCounters_pastMaxCount_areMaxChildren_whileExistingOnesCount() {
        List<String> created = createUntilRefused(() -> {
            String path = "/api/counters/" + UUID.randomUUID();
            return new Attempt(client.post().uri(path + "/increment").exchange().returnResult(), path);
        });
        try {
            client.post().uri(created.getFirst() + "/increment").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.value").isEqualTo(2);
        } finally {
            created.forEach(this::delete);
        }
    }

    @Test
    void rateLimitKeys_pastMaxKeys_areMaxChildren() {
        List<String> created = createUntilRefused(() -> {
            String path = "/api/rate-limits/" + UUID.randomUUID();
            return new Attempt(client.post().uri(path + "/acquire").exchange().returnResult(), path);
        });
        client.post().uri(created.getFirst() + "/acquire").exchange().expectStatus().isOk();
    }

    @Test
    void circuitBreakers_pastMaxNames_areMaxChildren() {
        List<String> created = createUntilRefused(() -> {
            String path = "/api/circuit-breakers/" + UUID.randomUUID();
            return new Attempt(client.post().uri(path + "/acquire").exchange().returnResult(), path);
        });
        client.get().uri(created.getFirst()).exchange().expectStatus().isOk();
    }

    @Test
    void push_ontoAFullStack_isConflictFull_andTheStackKeepsItsItems() {
        String stack = location(client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[1,2,3,4,5]}").exchange().expectStatus().isCreated().returnResult(String.class));
        try {
            Problems.expect(client.post().uri(stack + "/push").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"item\":6}").exchange(), 409, "full");
            client.get().uri(stack + "/peek").exchange().expectBody().jsonPath("$.item").isEqualTo(5);
            client.post().uri(stack + "/pop").exchange().expectStatus().isOk();
            client.post().uri(stack + "/push").contentType(MediaType.APPLICATION_JSON).body("{\"item\":6}")
                    .exchange().expectStatus().isAccepted();
        } finally {
            delete(stack);
        }
    }

    @Test
    void put_ofANewKeyIntoAFullStore_isConflictFull_whileOverwritingStillWorks() {
        String store = location(client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .returnResult(String.class));
        try {
            for (int i = 0; i < ReliabilityTest.MAX_DATA; i++) {
                put(store + "/entries/k" + i, "" + i).expectStatus().isAccepted();
            }
            Problems.expect(put(store + "/entries/one-more", "1"), 409, "full");
            put(store + "/entries/k0", "\"overwritten\"").expectStatus().isAccepted();
            client.get().uri(store + "/entries/k0").exchange().expectBody().jsonPath("$.value")
                    .isEqualTo("overwritten");
            client.get().uri(store).exchange().expectBody().jsonPath("$.size").isEqualTo(ReliabilityTest.MAX_DATA);
        } finally {
            delete(store);
        }
    }

    @Test
    void sessions_pastMaxCount_areMaxSessions_withRetryAfter() {
        List<String> created = createUntilRefused("max_sessions", () -> located(client.post().uri("/api/sessions")
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\":\"u\"}").exchange()));
        created.forEach(this::delete);
        client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).body("{\"userId\":\"u\"}")
                .exchange().expectStatus().isCreated();
    }

    /** One creating request, and the path of what it created if it succeeded. */
    private record Attempt(ExchangeResult result, String path) { }

    private static Attempt located(RestTestClient.ResponseSpec response) {
        ExchangeResult result = response.returnResult();
        return new Attempt(result, result.getResponseHeaders().getLocation() == null ? null
                : result.getResponseHeaders().getLocation().getPath());
    }

    private List<String> createUntilRefused(Supplier<Attempt> create) {
        return createUntilRefused("max_children", create);
    }

    /**
     * Creates until the service refuses, at most one past its limit; the refusal must be a 503 problem with
     * {@code Retry-After}. Returns the locations of what was created.
     */
    private List<String> createUntilRefused(String error, Supplier<Attempt> create) {
        int limit = error.equals("max_sessions") ? ReliabilityTest.MAX_DATA : ReliabilityTest.MAX_COUNT;
        List<String> created = new ArrayList<>();
        for (int attempt = 0; attempt <= limit; attempt++) {
            Attempt next = create.get();
            ExchangeResult result = next.result();
            if (result.getStatus().value() == 503) {
                assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                Problems.assertProblem(result, 503, error);
                assertThat(created).as("refused only at the limit").hasSize(limit);
                return created;
            }
            assertThat(result.getStatus().value()).isIn(200, 201);
            created.add(next.path());
        }
        throw new AssertionError("never refused past " + limit);
    }

    private RestTestClient.ResponseSpec put(String path, String json) {
        return client.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(String path) {
        return (List<String>) client.get().uri(path).exchange().expectStatus().isOk().returnResult(Map.class)
                .getResponseBody().get("ids");
    }

    private static String location(ExchangeResult result) {
        return result.getResponseHeaders().getLocation().getPath();
    }

    private void delete(String path) {
        client.delete().uri(path).exchange().expectStatus().isNoContent();
    }
}
