package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.CapturedLog;
import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A path no endpoint matches may hold a session, stack or store id, the capability to use what it names, which
 * the service never logs: Spring's "No mapping for GET <path>" warning is off, and the answer says it instead.
 */
@IntegrationTest
class UnroutedPathLogHttpTest {

    @RegisterExtension
    final CapturedLog pageNotFound = new CapturedLog("org.springframework.web.servlet.PageNotFound");

    @Autowired
    private RestTestClient client;

    @Test
    void anUnroutedPathHoldingAnId_isAnsweredNotFound_andNotLogged() {
        String id = "acYQzjXbvkCifleJIOD3YQ";

        client.get().uri("/api/sessions/{id}/bogus", id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown_endpoint");

        assertThat(pageNotFound.messages()).noneMatch(message -> message.contains(id));
    }
}
