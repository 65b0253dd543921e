package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The service's OpenAPI document as the Swagger UI reads it, with the lookups the documentation tests need. */
record ApiDocument(JsonNode root) {

    static ApiDocument fetch(RestTestClient client, JsonMapper json) {
        String body = client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return new ApiDocument(json.readTree(body));
    }

    /** The operation, or a missing node. */
    JsonNode operation(String method, String path) {
        return root.path("paths").path(path).path(method.toLowerCase());
    }

    /** The operation's parameter of this name, or a missing node. */
    JsonNode parameter(String method, String path, String name) {
        return operation(method, path).path("parameters").values().stream()
                .filter(parameter -> parameter.path("name").asString().equals(name)).findFirst()
                .orElse(MissingNode.getInstance());
    }

    JsonNode response(String method, String path, int status) {
        return operation(method, path).path("responses").path(Integer.toString(status));
    }

    /** The {@code error} of every example of a problem response. */
    Set<String> errors(String method, String path, int status) {
        Set<String> errors = new LinkedHashSet<>();
        for (JsonNode example : problemJson(response(method, path, status)).path("examples").values()) {
            errors.add(example.path("value").path("error").asString());
        }
        return errors;
    }

    /** The example body documented for {@code error}. */
    JsonNode example(String method, String path, int status, String error) {
        JsonNode example = problemJson(response(method, path, status)).path("examples").path(error).path("value");
        assertThat(example.isMissingNode()).as("example %s of %s %s %d", error, method, path, status).isFalse();
        return example;
    }

    /** Names of the headers a response documents. */
    Set<String> headers(String method, String path, int status) {
        return new LinkedHashSet<>(response(method, path, status).path("headers").propertyNames());
    }

    /** Every entry of the top-level tag list with this name (there must be exactly one). */
    List<JsonNode> tags(String name) {
        return root.path("tags").values().stream().filter(tag -> tag.path("name").asString().equals(name)).toList();
    }

    /** Asserts that {@code request} is answered with the problem {@code example} documents. */
    static void assertAnswered(RestTestClient.RequestHeadersSpec<?> request, JsonNode example) {
        JsonNode answer = request.exchange()
                .expectStatus().isEqualTo(example.path("status").asInt())
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        for (String field : new String[] {"status", "title", "error", "detail"}) {
            assertThat(answer.path(field)).as(field).isEqualTo(example.path(field));
        }
        assertThat(answer.path("instance").asString()).startsWith(example.path("instance").asString()
                .replaceAll("/example.*", ""));
    }

    static JsonNode problemJson(JsonNode response) {
        return response.path("content").path("application/problem+json");
    }
}
