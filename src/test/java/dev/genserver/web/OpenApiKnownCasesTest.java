package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The document's answers for cases whose errors are known exactly, checked against the service where cheap. */
@IntegrationTest
class OpenApiKnownCasesTest {

    private static final String RATE_LIMIT_HEADERS[] = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"};

    @Autowired
    private RestTestClient client;
    @Autowired
    private JsonMapper json;
    @LocalServerPort
    private int port;

    private ApiDocument document;

    @BeforeEach
    void fetch() {
        document = ApiDocument.fetch(client, json);
    }

    @Test
    void stackPop_documents409Empty_and404Noproc() {
        assertThat(document.errors("POST", "/api/stacks/{id}/pop", 409)).containsExactly("empty",
                "idempotency_key_in_use");
        assertThat(document.errors("POST", "/api/stacks/{id}/pop", 404)).containsExactly("noproc");
        assertThat(document.example("POST", "/api/stacks/{id}/pop", 409, "empty").path("detail").asString())
                .isEqualTo("the stack is empty");
    }

    @Test
    void sessionGet_documents410Expired_and404NotFound() {
        assertThat(document.errors("GET", "/api/sessions/{id}", 410)).containsExactly("expired");
        assertThat(document.errors("GET", "/api/sessions/{id}", 404)).containsExactly("not_found");
        assertThat(document.errors("GET", "/api/sessions/{id}", 503)).containsExactlyInAnyOrder("overloaded",
                "unavailable");
        assertThat(document.headers("GET", "/api/sessions/{id}", 503)).containsExactly("Retry-After");
    }

    @Test
    void rateLimitAcquire_documents429_withRetryAfterAndRateLimitHeaders() {
        assertThat(document.errors("POST", "/api/rate-limits/{key}/acquire", 429)).containsExactly("rate_limited");
        assertThat(document.headers("POST", "/api/rate-limits/{key}/acquire", 429)).contains("Retry-After")
                .contains(RATE_LIMIT_HEADERS);
        assertThat(document.headers("POST", "/api/rate-limits/{key}/acquire", 200)).contains(RATE_LIMIT_HEADERS)
                .contains("Idempotent-Replayed").hasSize(RATE_LIMIT_HEADERS.length + 1);
        assertThat(document.response("POST", "/api/rate-limits/{key}/acquire", 200).path("content")
                .path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Acquired");
        assertThat(document.root().path("components").path("headers").propertyNames()).contains("Retry-After")
                .contains(RATE_LIMIT_HEADERS);
    }

    /** A push or put asks for room with a call before its cast: the refusal and the call's answers are listed. */
    @Test
    void pushPutAndSessionCreate_documentTheirLimits_andTheCallBeforeTheCast() {
        assertThat(document.errors("POST", "/api/stacks/{id}/push", 409)).contains("full");
        assertThat(document.errors("PUT", "/api/kv/{id}/entries/{key}", 409)).contains("full");
        assertThat(document.errors("PUT", "/api/kv/{id}/entries/{key}", 504)).containsExactly("timeout");
        assertThat(document.errors("PUT", "/api/kv/{id}/entries/{key}", 500)).contains("exit");
        assertThat(document.errors("POST", "/api/sessions", 503)).contains("max_sessions");
    }

    @Test
    void everyOperation_documents406NotAcceptable_andInvalidKeyForASemicolonInItsPath() {
        assertThat(document.errors("POST", "/api/counter/increment", 406)).containsExactly("not_acceptable");
        assertThat(document.errors("POST", "/api/counter/increment", 400)).contains("invalid_key");
        client.post().uri("/api/counter/increment").header("Accept", "text/plain").exchange()
                .expectStatus().isEqualTo(406).expectBody().jsonPath("$.error").isEqualTo("not_acceptable");
    }

    /** What the service refuses is in the schemas, so that a generated client can check it before it sends. */
    @Test
    void queryBoundsAndNonNullItems_areInTheSchemas() {
        for (String[] operation : new String[][] {{"GET", "/api/kv/{id}/keys"}, {"GET", "/api/events"}}) {
            JsonNode limit = document.parameter(operation[0], operation[1], "limit");
            assertThat(limit.path("schema").path("minimum").asInt()).as("%s limit", operation[1]).isEqualTo(1);
            assertThat(limit.path("schema").path("maximum").asInt()).as("%s limit", operation[1]).isEqualTo(1000);
        }
        assertThat(document.parameter("POST", "/api/rate-limits/{key}/acquire", "permits").path("schema")
                .path("minimum").asInt()).isEqualTo(1);
        JsonNode schemas = document.root().path("components").path("schemas");
        assertThat(schemas.path("JsonValue").path("not").path("type").asString()).isEqualTo("null");
        assertThat(schemas.path("StackItem").path("properties").path("item").path("$ref").asString())
                .isEqualTo("#/components/schemas/JsonValue");
        assertThat(document.operation("POST", "/api/stacks").path("requestBody").path("content")
                .path("application/json").path("schema").path("properties").path("items").path("items")
                .path("$ref").asString()).isEqualTo("#/components/schemas/JsonValue");
    }

    /** The pattern a generated client checks a user id against says what the service's @NotBlank says. */
    @Test
    void theUserIdPattern_refusesWhatTheServiceRefuses() {
        String pattern = document.root().path("components").path("schemas").path("CreateSessionRequest")
                .path("properties").path("userId").path("pattern").asString();
        assertThat(pattern).isNotEmpty();
        for (String userId : new String[] {"u1", "   ", "\t\n\u000b\f\r", " x ", "\u001c\u001f", "\u00a0", "\u2003",
                "\u2007", "\u202f", "\u1680\u2028\u2029\u205f\u3000", "\u200a", "\u200b"}) {
            int status = client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(Map.of("userId", userId))).exchange().returnResult()
                    .getStatus().value();
            assertThat(Pattern.compile(pattern).matcher(userId).find())
                    .as("the pattern on %s, answered %d", json.writeValueAsString(userId), status)
                    .isEqualTo(status == 201);
        }
    }

    /** A success without a body admits any Accept, so only an unreadable header or one of quality 0 is 406. */
    @Test
    void anOperationWithoutABody_documents406_forAnAcceptAdmittingNothing_only() {
        assertThat(document.errors("POST", "/api/stacks/{id}/push", 406)).containsExactly("not_acceptable");
        assertThat(document.response("POST", "/api/stacks/{id}/push", 406).path("description").asString())
                .contains("quality 0")
                .doesNotContain("does not admit application/json");
        assertThat(document.response("POST", "/api/counter/increment", 406).path("description").asString())
                .contains("does not admit application/json");
    }

    @Test
    void theOtherDomainErrors_areDocumentedWhereTheyHappen() {
        assertThat(document.errors("POST", "/api/calculator/divide", 422)).containsExactly("division_by_zero",
                "idempotency_key_reused");
        assertThat(document.errors("GET", "/api/kv/{id}/entries/{key}", 404))
                .containsExactlyInAnyOrder("not_found", "noproc");
        assertThat(document.errors("GET", "/api/cache/entries/{key}", 410)).containsExactly("expired");
        assertThat(document.errors("DELETE", "/api/jobs/{id}", 409)).containsExactly("not_cancellable",
                "idempotency_key_in_use");
        assertThat(document.errors("POST", "/api/jobs", 503)).contains("overloaded");
        assertThat(document.errors("POST", "/api/circuit-breakers/{name}/acquire", 503)).contains("circuit_open",
                "max_children");
        assertThat(document.headers("POST", "/api/circuit-breakers/{name}/acquire", 503)).contains("Retry-After");
        assertThat(document.errors("POST", "/api/stacks", 503)).contains("max_children");
        assertThat(document.errors("POST", "/api/sessions", 400)).contains("invalid_json", "invalid_request");
    }

    @Test
    void theProblemSchema_isTheWireFormat() {
        JsonNode problem = document.root().path("components").path("schemas").path("Problem");
        assertThat(problem.path("properties").propertyNames()).containsExactlyInAnyOrder("type", "title", "status",
                "detail", "instance", "error");
        assertThat(problem.path("required").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("error", "status", "title");
    }

    /**
     * A generated client treats a field the schema does not require as optional. The service writes every field
     * of an answer, null or not, except those it leaves out when null (a key page's {@code next}, a job's
     * {@code error}): those alone are optional, and are absent on the wire when there is nothing to say.
     */
    @Test
    void answerSchemas_requireEveryFieldButThoseLeftOutWhenNull() {
        JsonNode schemas = document.root().path("components").path("schemas");
        assertThat(required(schemas, "CounterValue")).containsExactly("value");
        assertThat(required(schemas, "StackInfo")).containsExactlyInAnyOrder("id", "size");
        assertThat(required(schemas, "KeyPage")).containsExactly("keys");
        assertThat(required(schemas, "JobView")).containsExactlyInAnyOrder("id", "status");

        String store = client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();
        assertThat(client.get().uri("/api/kv/{id}/keys", store).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().propertyNames()).containsExactly("keys");
        assertThat(client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("{\"durationMs\": 0}")
                .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                .propertyNames()).containsExactlyInAnyOrder("id", "status");
    }

    private static List<String> required(JsonNode schemas, String name) {
        return schemas.path(name).path("required").values().stream().map(JsonNode::asString).toList();
    }

    @Test
    void documentedExamples_areWhatTheServiceAnswers() {
        String id = client.post().uri("/api/stacks").exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("id").asString();
        ApiDocument.assertAnswered(client.post().uri("/api/stacks/{id}/pop", id),
                document.example("POST", "/api/stacks/{id}/pop", 409, "empty"));
        client.delete().uri("/api/stacks/{id}", id).exchange().expectStatus().isNoContent();
        ApiDocument.assertAnswered(client.post().uri("/api/stacks/{id}/pop", id),
                document.example("POST", "/api/stacks/{id}/pop", 404, "noproc"));
        ApiDocument.assertAnswered(client.post().uri("/api/stacks/{id}/pop", "k".repeat(PathKey.Rule.MAX_LENGTH + 1)),
                document.example("POST", "/api/stacks/{id}/pop", 400, "invalid_key"));
        ApiDocument.assertAnswered(client.post().uri("/api/counters/{name}/increment", "k".repeat(PathKey.Rule.MAX_LENGTH
                + 1)), document.example("POST", "/api/counters/{name}/increment", 400, "invalid_key"));
        ApiDocument.assertAnswered(client.get().uri(URI.create("http://localhost:" + port + "/api/counter?a=%C3%28")),
                document.example("GET", "/api/counter", 400, "invalid_request"));
        ApiDocument.assertAnswered(client.post().uri("/api/calculator/divide").contentType(MediaType.APPLICATION_JSON)
                .body("{\"a\": 1, \"b\": 0}"), document.example("POST", "/api/calculator/divide", 422,
                "division_by_zero"));
        ApiDocument.assertAnswered(client.post().uri("/api/calculator/divide").contentType(MediaType.TEXT_PLAIN)
                .body("1/0"), document.example("POST", "/api/calculator/divide", 415, "unsupported_media_type"));
    }

    @Test
    void theServer_isTheOriginTheDocumentCameFrom_whateverHostAsked() {
        JsonNode servers = json.readTree(client.get().uri("/v3/api-docs")
                .header("Host", "proxy.example:8443").header("X-Forwarded-Proto", "https")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .path("servers");
        assertThat(servers.size()).isEqualTo(1);
        assertThat(servers.path(0).path("url").asString()).isEqualTo("/");
    }

    @Test
    void theSwaggerUi_isServed_andReadsThisDocument() {
        client.get().uri("/swagger-ui/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        client.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
    }
}
