package dev.genserver.web;


import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What a well-behaved client wrote before the fuzzing: entries in a store, items on a stack, a cache entry, a
 * session and a named counter. The never-valid bodies are aimed at exactly these, so {@link #assertIntact} checks
 * that a refused request changed nothing.
 */
record CorrectClient(String store, String stack, String cacheKey, String session, String counter) {

    static CorrectClient writeState(RestTestClient client) {
        String store = created(client.post().uri("/api/kv").exchange());
        put(client, store + "/entries/k1", "{\"n\":[1,2.50,\"three\"]}");
        put(client, store + "/entries/k2", "null");
        String stack = created(client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[1,\"two\",{\"3\":3}]}").exchange());
        String cacheKey = "fuzz-" + UUID.randomUUID();
        put(client, "/api/cache/entries/" + cacheKey, "\"cached\"");
        String session = created(client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\":\"fuzz-user\"}").exchange());
        String counter = "fuzz-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            client.post().uri("/api/counters/" + counter + "/increment").exchange().expectStatus().isOk();
        }
        return new CorrectClient(store, stack, cacheKey, session, counter);
    }

    /** The victim's id or key for a path variable of {@code pattern}; the pool value for anything else. */
    String valueFor(String pattern, String variable) {
        String last = lastSegment(pattern.startsWith("/api/kv/") && variable.equals("id") ? store
                : pattern.startsWith("/api/stacks/") ? stack
                : pattern.startsWith("/api/sessions/") ? session
                : pattern.startsWith("/api/counters/") ? "/" + counter
                : pattern.startsWith("/api/cache/") ? "/" + cacheKey : null);
        return last != null ? last : HostileRequests.POOL_VALUE;
    }

    void assertIntact(RestTestClient client) {
        client.get().uri(store + "/keys").exchange().expectStatus().isOk().expectBody()
                .json("{\"keys\":[\"k1\",\"k2\"]}", org.springframework.test.json.JsonCompareMode.STRICT);
        client.get().uri(store + "/entries/k1").exchange().expectBody()
                .json("{\"key\":\"k1\",\"value\":{\"n\":[1,2.50,\"three\"]}}");
        client.get().uri(store + "/entries/k2").exchange().expectBody().jsonPath("$.value").isEmpty();
        client.get().uri(stack + "/size").exchange().expectBody().jsonPath("$.size").isEqualTo(3);
        client.get().uri(stack + "/peek").exchange().expectBody().json("{\"item\":{\"3\":3}}");
        client.get().uri("/api/cache/entries/" + cacheKey).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.value").isEqualTo("cached");
        client.get().uri(session).exchange().expectStatus().isOk().expectBody().jsonPath("$.userId")
                .isEqualTo("fuzz-user");
        client.get().uri("/api/counters/" + counter).exchange().expectBody().jsonPath("$.value").isEqualTo(3);
    }

    private static String lastSegment(String path) {
        return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String created(RestTestClient.ResponseSpec response) {
        return response.expectStatus().isCreated().returnResult(Map.class).getResponseHeaders().getLocation()
                .getPath();
    }

    private static void put(RestTestClient client, String path, String json) {
        client.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).exchange().expectStatus()
                .isAccepted();
    }

}
