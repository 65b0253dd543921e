package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The seed's Stack session over real HTTP, then the stack's deletion. */
@IntegrationTest
class StackHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void seedSession_thenDelete_followsTheSeedAndThenAnswersNoproc() {
        StackInfo created = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("items", new int[] {1, 2, 3})).exchange()
                .expectStatus().isCreated()
                .expectBody(StackInfo.class).returnResult().getResponseBody();
        assertThat(created.size()).isEqualTo(3);
        String stack = "/api/stacks/" + created.id();

        client.post().uri(stack + "/push").contentType(MediaType.APPLICATION_JSON).body("{\"item\": 4}").exchange()
                .expectStatus().isAccepted().expectBody().isEmpty();
        client.get().uri(stack + "/peek").exchange().expectStatus().isOk().expectBody().json("{\"item\": 4}");
        client.post().uri(stack + "/pop").exchange().expectStatus().isOk().expectBody().json("{\"item\": 4}");
        client.post().uri(stack + "/pop").exchange().expectStatus().isOk().expectBody().json("{\"item\": 3}");
        client.get().uri(stack + "/size").exchange().expectStatus().isOk().expectBody().json("{\"size\": 2}");
        client.get().uri("/api/stacks").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.ids[?(@ == '" + created.id() + "')]").exists();

        client.delete().uri(stack).exchange().expectStatus().isNoContent();

        for (var request : new RestTestClient.RequestHeadersSpec<?>[] {client.get().uri(stack),
                client.get().uri(stack + "/size"), client.post().uri(stack + "/pop"), client.delete().uri(stack)}) {
            request.exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
        }
        client.post().uri(stack + "/push").contentType(MediaType.APPLICATION_JSON).body("{\"item\": 5}").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
    }

    @Test
    void itemsRoundTripExactly() {
        String id = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\": [12345678901234567890123, 1.10, {\"a\": [true, \"x\"]}]}").exchange()
                .expectStatus().isCreated()
                .expectBody(StackInfo.class).returnResult().getResponseBody().id();

        assertThat(popRaw(id)).isEqualTo("{\"item\":{\"a\":[true,\"x\"]}}");
        assertThat(popRaw(id)).isEqualTo("{\"item\":1.10}");
        assertThat(popRaw(id)).isEqualTo("{\"item\":12345678901234567890123}");
        client.post().uri("/api/stacks/" + id + "/pop").exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.error").isEqualTo("empty");
    }

    private String popRaw(String id) {
        return client.post().uri("/api/stacks/" + id + "/pop").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
