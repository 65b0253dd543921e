package dev.genserver.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The seed's Counter session over real HTTP. The context is shared, so it works from the value it finds. */
@IntegrationTest
class CounterHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void incrementTwice_thenGet_thenReset_followsTheSeedSession() {
        long start = value();

        assertThat(increment()).isEqualTo(start + 1);
        assertThat(increment()).isEqualTo(start + 2);
        assertThat(value()).isEqualTo(start + 2);

        client.post().uri("/api/counter/reset").exchange()
                .expectStatus().isAccepted()
                .expectBody().isEmpty();
        assertThat(value()).isZero();
    }

    /** RFC 9110, 15.5.6: Allow lists every method the path supports, HEAD and OPTIONS with the mapped ones. */
    @Test
    void deleteOnTheCounter_isMethodNotAllowedProblem_allowingWhatThePathSupports() {
        client.delete().uri("/api/counter").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Allow", "GET, HEAD, OPTIONS")
                .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
        client.put().uri("/api/stacks").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET, HEAD, POST, OPTIONS");
        client.get().uri("/api/counter/increment").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "POST, OPTIONS");
    }

    /** OPTIONS answers with the same Allow as a 405 on the path, written the same way (Spring wrote "POST,OPTIONS"). */
    @Test
    void options_allowsWhatA405Allows_writtenTheSameWay() {
        client.options().uri("/api/counter").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "GET, HEAD, OPTIONS");
        client.options().uri("/api/stacks").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "GET, HEAD, POST, OPTIONS");
        client.options().uri("/api/counter/increment").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "POST, OPTIONS");
    }

    /**
     * The service has no CORS configuration: a preflight is answered as the plain OPTIONS it also is, with the
     * Allow a 405 gives (Spring's answer to it listed every method), and without Access-Control-Allow-Origin, so
     * the browser does not send the request it asked about.
     */
    @Test
    void aCorsPreflight_isAnsweredAsPlainOptions_allowingNothingMore() {
        client.options().uri("/api/counter/increment").header("Origin", "http://elsewhere.example")
                .header("Access-Control-Request-Method", "POST").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "POST, OPTIONS")
                .expectHeader().doesNotExist("Access-Control-Allow-Origin")
                .expectHeader().doesNotExist("Access-Control-Allow-Methods");
        client.options().uri("/api/stacks/" + "k".repeat(300)).header("Origin", "http://elsewhere.example")
                .header("Access-Control-Request-Method", "DELETE").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "GET, HEAD, DELETE, OPTIONS");
    }

    private long increment() {
        return client.post().uri("/api/counter/increment").exchange()
                .expectStatus().isOk()
                .expectBody(CounterValue.class).returnResult().getResponseBody().value();
    }

    private long value() {
        return client.get().uri("/api/counter").exchange()
                .expectStatus().isOk()
                .expectBody(CounterValue.class).returnResult().getResponseBody().value();
    }
}
