package dev.genserver.events;

import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code genserver.events.max-bytes} bounds what the kept events' payloads take: events cannot be deleted, so
 * without it large ones could hold the heap for good. Past it the oldest fall off; the counts stay.
 *
 * <p>The bound on buffered bodies is {@code web.BufferedBodiesHttpTest}'s, which no event here comes near: with the
 * same settings, the two classes run in one application context instead of starting one each. That test posts no
 * event, so the counts here are this test's alone.
 */
@IntegrationTest
@TestPropertySource(properties = {"genserver.events.max-bytes=2KB", "genserver.web.max-buffered-bodies=2MB"})
class EventBytesBoundHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void eventsWhosePayloadsPassMaxBytes_pushTheOldestOut_andAreAllCounted() {
        String payload = "\"" + "x".repeat(400) + "\""; // estimated 912 bytes: two fit in 2KB, three do not
        for (int i = 1; i <= 3; i++) {
            client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"type\":\"large-" + i + "\",\"payload\":" + payload + "}").exchange()
                    .expectStatus().isAccepted();
        }

        client.get().uri("/api/events?limit=10").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events.length()").isEqualTo(2)
                .jsonPath("$.events[0].type").isEqualTo("large-3")
                .jsonPath("$.events[1].type").isEqualTo("large-2");
        client.get().uri("/api/events/stats").exchange().expectBody().jsonPath("$.total").isEqualTo(3);
    }
}
