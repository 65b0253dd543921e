package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.genserver.testing.IntegrationTest;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An operation whose success has no body (a cast's 202, a delete's 204) has no type to negotiate, so any
 * {@code Accept} admits it. A client generated from the OpenAPI document knows only such an operation's problems,
 * and sends {@code Accept: application/problem+json}; Spring refused that with 406, so a generated Java client
 * could call none of them.
 */
@IntegrationTest
class BodilessAnswersHttpTest {

    private static final String PROBLEMS_ONLY = "application/problem+json";

    @Autowired
    private RestTestClient client;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mapping;

    @Test
    void aPushAcceptingOnlyProblems_isQueued_andThePopReturnsIt() {
        String stack = client.post().uri("/api/stacks").exchange().expectStatus().isCreated().returnResult()
                .getResponseHeaders().getLocation().getPath();

        client.post().uri(stack + "/push").accept(MediaType.APPLICATION_PROBLEM_JSON)
                .contentType(MediaType.APPLICATION_JSON).body("{\"item\":\"generated\"}").exchange()
                .expectStatus().isAccepted();

        client.post().uri(stack + "/pop").exchange().expectStatus().isOk().expectBody().json("{\"item\":"
                + "\"generated\"}");
    }

    @Test
    void aDeleteAcceptingOnlyText_isDone() {
        String key = "bodiless-" + UUID.randomUUID();
        client.put().uri("/api/cache/entries/" + key).contentType(MediaType.APPLICATION_JSON).body("1").exchange()
                .expectStatus().isAccepted();

        client.delete().uri("/api/cache/entries/" + key).accept(MediaType.TEXT_PLAIN).exchange()
                .expectStatus().isNoContent();

        client.get().uri("/api/cache/entries/" + key).exchange().expectStatus().isNotFound();
    }

    /**
     * Every such operation, found in the routes, answers a client accepting only problems as it answers one
     * accepting JSON. Path variables name nothing that exists, so both requests meet the same answer: 202 for a
     * singleton's cast or a cache put (each applied twice, which changes no status), 404 for an unknown process.
     */
    @Test
    void everyOperationWithoutABody_answersAcceptingOnlyProblems_asItAnswersAcceptingJson() {
        List<ServiceEndpoint> bodiless = ServiceEndpoint.all(mapping).stream()
                .filter(endpoint -> !endpoint.answersWithBody()).toList();
        assertThat(bodiless).hasSizeGreaterThanOrEqualTo(15);

        assertSoftly(softly -> bodiless.forEach(endpoint -> {
            String path = endpoint.path().replaceAll("\\{[^}]+}", "bodiless-" + UUID.randomUUID());
            boolean takesBody = Arrays.stream(endpoint.handler().getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
            int withJson = status(endpoint.method(), path, takesBody, MediaType.APPLICATION_JSON_VALUE);
            int withProblems = status(endpoint.method(), path, takesBody, PROBLEMS_ONLY);
            softly.assertThat(withProblems).as("%s accepting only problems", endpoint).isNotEqualTo(406)
                    .isEqualTo(withJson);
        }));
    }

    /**
     * An Accept header that cannot be read (a charset Java does not know, a range without a '/', more ranges than
     * Spring sorts) was refused only where the success has a body: a delete was done and answered 204.
     */
    @Test
    void anUnreadableAccept_isRefusedBeforeADelete_asBeforeARead() {
        String tooMany = "text/x0" + ", text/x0".repeat(AcceptHeader.MAX_RANGES) + ", application/json";
        String lines = client.post().uri("/api/stacks").exchange().expectStatus().isCreated().returnResult()
                .getResponseHeaders().getLocation().getPath();
        // as many ranges on lines of their own, each one Spring would have served at once
        client.delete().uri(lines).headers(headers -> {
            for (int line = 0; line <= AcceptHeader.MAX_RANGES; line++) {
                headers.add("Accept", "application/json");
            }
        }).exchange().expectStatus().isEqualTo(406).expectBody().jsonPath("$.detail")
                .isEqualTo(AcceptHeader.UNREADABLE);
        client.get().uri(lines).exchange().expectStatus().isOk();
        for (String accept : List.of("application/json;charset=x-bogus-cs", "json", tooMany)) {
            String stack = client.post().uri("/api/stacks").exchange().expectStatus().isCreated().returnResult()
                    .getResponseHeaders().getLocation().getPath();

            client.delete().uri(stack).header("Accept", accept).exchange().expectStatus().isEqualTo(406)
                    .expectBody().jsonPath("$.detail").isEqualTo(AcceptHeader.UNREADABLE);
            client.get().uri(stack).header("Accept", accept).exchange().expectStatus().isEqualTo(406)
                    .expectBody().jsonPath("$.detail").isEqualTo(AcceptHeader.UNREADABLE);
            client.get().uri(stack).exchange().expectStatus().isOk();
        }
    }

    /** A success with a body is JSON, which a client accepting only problems does not admit: still 406. */
    @Test
    void anOperationWithABody_acceptingOnlyProblems_isStillNotAcceptable() {
        client.post().uri("/api/counters/bodiless-" + UUID.randomUUID() + "/increment")
                .accept(MediaType.APPLICATION_PROBLEM_JSON).exchange().expectStatus().isEqualTo(406)
                .expectBody().jsonPath("$.error").isEqualTo("not_acceptable");
    }

    private int status(String method, String path, boolean takesBody, String accept) {
        RestTestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(method)).uri(path)
                .header("Accept", accept);
        if (takesBody) {
            request.contentType(MediaType.APPLICATION_JSON).body("{\"item\":1}");
        }
        return request.exchange().returnResult().getStatus().value();
    }
}
