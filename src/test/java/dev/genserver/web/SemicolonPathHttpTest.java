package dev.genserver.web;

import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Regression: {@code PUT /api/kv/{id}/entries/a;b} was accepted and stored under the key {@code a}. */
@IntegrationTest
class SemicolonPathHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void rawSemicolonInAKey_isInvalidKey_andNothingIsWritten() {
        client.put().uri("/api/cache/entries/semi;colon").contentType(MediaType.APPLICATION_JSON).body("1")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_key");
        client.get().uri("/api/cache/entries/semi").exchange()
                .expectStatus().isNotFound();
    }
}
