package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.CapturedLog;
import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A path no endpoint matches may hold a session, stack or store id, the capability to use what it names, which
 * the service never logs: Spring's "No mapping for GET <path>" warning is off, and the answer says it instead. Nor
 * does a path a client writes reach the log through Spring's resource handling (Swagger UI's files).
 */
@IntegrationTest
class UnroutedPathLogHttpTest {

    @RegisterExtension
    final CapturedLog pageNotFound = new CapturedLog("org.springframework.web.servlet.PageNotFound");

    @RegisterExtension
    final CapturedLog resources = new CapturedLog("org.springframework.web.servlet.resource.ResourceHandlerUtils");

    @Autowired
    private RestTestClient client;

    @LocalServerPort
    private int port;

    @Test
    void anUnroutedPathHoldingAnId_isAnsweredNotFound_andNotLogged() {
        String id = "acYQzjXbvkCifleJIOD3YQ";

        client.get().uri("/api/sessions/{id}/bogus", id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown_endpoint");

        assertThat(pageNotFound.messages()).noneMatch(message -> message.contains(id));
    }

    /**
     * Spring's resource handling warned once a request, quoting the path, for a {@code ../} in a path under Swagger
     * UI's files (an exploratory probe of the jar): any client could write warnings of its own text. The answer
     * (404) says it instead.
     */
    @Test
    void aPathClimbingOutOfSwaggerUisFiles_isAnsweredNotFound_andNotLogged() {
        RawHttp.Response answer = new RawHttp(port).exchange(
                "GET /swagger-ui/../v3/api-docs-of-a-client HTTP/1.1\r\nHost: localhost", new byte[0]);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(resources.messages()).noneMatch(message -> message.contains("api-docs-of-a-client"));
    }
}
