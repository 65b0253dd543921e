package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The document of an instance whose limits are not the defaults: its examples give the limits this instance
 * answers with, not those it would have by default (a job's longest duration, a bucket's capacity, a stack's or a
 * store's room, the body size).
 */
@IntegrationTest
@TestPropertySource(properties = {"genserver.jobs.max-duration=150ms", "genserver.rate-limit.capacity=5",
        "genserver.web.max-body-size=2KB", "genserver.stacks.max-items=2", "genserver.kv.max-entries=1",
        "genserver.calculator.max-digits=20"})
class OpenApiConfiguredLimitsTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private JsonMapper json;

    private ApiDocument document;

    @BeforeEach
    void fetch() {
        document = ApiDocument.fetch(client, json);
    }

    @Test
    void aJobLongerThanTheConfiguredMaximum_isAnsweredAsDocumented() {
        JsonNode example = document.example("POST", "/api/jobs", 400, "invalid_request");

        assertThat(example.path("detail").asString()).isEqualTo("durationMs must be between 0 and 150");
        assertThat(document.root().path("components").path("schemas").path("SubmitJobRequest").path("properties")
                .path("durationMs").path("maximum").asLong()).isEqualTo(150);
        ApiDocument.assertAnswered(client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"durationMs\": 151}"), example);
    }

    @Test
    void theExampleOfAJob_isNoLongerThanTheConfiguredMaximum_andIsServed() {
        JsonNode durationMs = document.root().path("components").path("schemas").path("SubmitJobRequest")
                .path("properties").path("durationMs");

        assertThat(durationMs.path("example").asLong()).isLessThanOrEqualTo(durationMs.path("maximum").asLong());
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"durationMs\": " + durationMs.path("example") + "}").exchange().expectStatus().isAccepted();
    }

    @Test
    void anOperandLongerThanTheConfiguredDigits_isAnsweredAsDocumented() {
        JsonNode example = document.example("POST", "/api/calculator/divide", 400, "invalid_request");

        assertThat(example.path("detail").asString()).isEqualTo("field 'a' must have at most 20 digits");
        ApiDocument.assertAnswered(client.post().uri("/api/calculator/divide").contentType(MediaType.APPLICATION_JSON)
                .body("{\"a\": 123456789012345678901, \"b\": 1}"), example);
    }

    @Test
    void permitsBeyondTheConfiguredCapacity_areAnsweredAsDocumented() {
        JsonNode example = document.example("POST", "/api/rate-limits/{key}/acquire", 400, "invalid_request");

        assertThat(example.path("detail").asString()).isEqualTo("permits must be between 1 and 5");
        assertThat(document.parameter("POST", "/api/rate-limits/{key}/acquire", "permits").path("schema")
                .path("maximum").asLong()).isEqualTo(5);
        ApiDocument.assertAnswered(client.post().uri("/api/rate-limits/documented/acquire?permits=6"), example);
    }

    @Test
    void aFullStackAndAFullStore_areAnsweredAsDocumented() {
        String stack = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\": [1, 2]}").exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();
        ApiDocument.assertAnswered(client.post().uri("/api/stacks/{id}/push", stack).contentType(MediaType.APPLICATION_JSON)
                .body("{\"item\": 3}"), document.example("POST", "/api/stacks/{id}/push", 409, "full"));
        assertThat(document.response("POST", "/api/stacks", 400).path("description").asString())
                .contains("a stack holds at most 2 items");
        assertThat(document.root().path("paths").path("/api/stacks").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("properties").path("items").path("maxItems").asInt())
                .isEqualTo(2);
        client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body("{\"items\": [1, 2, 3]}")
                .exchange().expectStatus().isBadRequest();

        String store = client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();
        client.put().uri("/api/kv/{id}/entries/one", store).contentType(MediaType.APPLICATION_JSON).body("1")
                .exchange().expectStatus().isAccepted();
        ApiDocument.assertAnswered(client.put().uri("/api/kv/{id}/entries/two", store).contentType(MediaType.APPLICATION_JSON)
                .body("2"), document.example("PUT", "/api/kv/{id}/entries/{key}", 409, "full"));
    }

    @Test
    void theExampleOfANewStack_holdsNoMoreItemsThanConfigured_andIsServed() {
        JsonNode examples = document.operation("POST", "/api/stacks").path("requestBody").path("content")
                .path("application/json").path("examples");

        assertThat(examples.size()).isPositive();
        for (JsonNode example : examples.values()) {
            JsonNode value = example.path("value");
            assertThat(value.path("items").size()).isLessThanOrEqualTo(2);
            client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body(value.toString())
                    .exchange().expectStatus().isCreated();
        }
    }

    @Test
    void aBodyOverTheConfiguredSize_isAnsweredAsDocumented() {
        JsonNode example = document.example("POST", "/api/jobs", 413, "body_too_large");

        ApiDocument.assertAnswered(client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .body("{\"durationMs\": 1, \"pad\": \"" + "x".repeat(2048) + "\"}"), example);
    }
}
