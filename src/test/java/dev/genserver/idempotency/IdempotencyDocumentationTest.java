package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.genserver.testing.IntegrationTest;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document shows the header on every write under /api, and the problems it adds, and on no read. */
@IntegrationTest
class IdempotencyDocumentationTest {

    private static final String PARAMETER = "#/components/parameters/Idempotency-Key";
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    @Autowired
    private RestTestClient client;
    @Autowired
    private JsonMapper json;

    @Test
    void everyWrite_takesTheHeader_andDocumentsItsProblems_andNoReadDoes() {
        JsonNode document = json.readTree(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());

        assertThat(document.path("components").path("parameters").path("Idempotency-Key").path("in").asString())
                .isEqualTo("header");
        assertSoftly(softly -> document.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(operation -> {
                    String where = operation.getKey() + " " + path.getKey();
                    boolean takesKey = operation.getValue().path("parameters").values().stream()
                            .anyMatch(parameter -> PARAMETER.equals(parameter.path("$ref").asString()));
                    boolean write = WRITES.contains(operation.getKey()) && path.getKey().startsWith("/api/");
                    softly.assertThat(takesKey).as("%s takes Idempotency-Key", where).isEqualTo(write);
                    if (!write) {
                        return;
                    }
                    JsonNode responses = operation.getValue().path("responses");
                    softly.assertThat(errors(responses.path("400"))).as(where).contains("invalid_idempotency_key");
                    softly.assertThat(errors(responses.path("409"))).as(where).contains("idempotency_key_in_use");
                    softly.assertThat(errors(responses.path("422"))).as(where).contains("idempotency_key_reused");
                    softly.assertThat(responses.path("409").path("headers").has("Retry-After")).as(where).isTrue();
                    softly.assertThat(errors(responses.path("503"))).as(where).contains("unavailable");
                    softly.assertThat(responses.path("503").path("description").asString()).as(where)
                            .contains("genserver.idempotency.max-entries");
                    softly.assertThat(responses.path("503").path("headers").has("Retry-After")).as(where).isTrue();
                    softly.assertThat(List.copyOf(responses.propertyNames())).as("%s responses by status", where)
                            .isSorted();
                    responses.properties().forEach(response -> softly.assertThat(response.getValue()
                            .path("headers").has("Idempotent-Replayed")).as("%s %s may be replayed", where,
                            response.getKey()).isEqualTo(!response.getKey().startsWith("5")
                            && !List.of("400", "406", "412", "415", "429").contains(response.getKey())));
                })));
    }

    /**
     * A UI fills a parameter in from its example: every Swagger UI user sent one key, and from the second "Execute"
     * on got the first one's answer replayed (found by a review, 2026-12-05: an increment showed 15 while the
     * counter was 17; a create would have given every user the first one's id). Nothing a UI could fill in.
     */
    @Test
    void theKey_hasNoValueAUiWouldFillIn() {
        JsonNode parameter = json.readTree(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()).path("components").path("parameters")
                .path("Idempotency-Key");

        assertThat(parameter.path("in").asString()).isEqualTo("header");
        assertThat(parameter.propertyNames()).doesNotContain("example", "examples");
        assertThat(parameter.path("schema").propertyNames()).doesNotContain("example", "examples", "default", "enum",
                "const");
    }

    /** A create's answer says where its creation lives. */
    @Test
    void creates_documentTheirLocation() {
        JsonNode paths = json.readTree(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()).path("paths");

        for (String[] create : new String[][] {{"/api/stacks", "201"}, {"/api/kv", "201"}, {"/api/sessions", "201"},
                {"/api/jobs", "202"}}) {
            assertThat(paths.path(create[0]).path("post").path("responses").path(create[1]).path("headers")
                    .path("Location").path("$ref").asString()).as(create[0])
                    .isEqualTo("#/components/headers/Location");
        }
    }

    private static Collection<String> errors(JsonNode response) {
        return response.path("content").path("application/problem+json").path("examples").propertyNames();
    }
}
