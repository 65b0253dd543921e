package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.genserver.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint Spring MVC routes to a service controller is in {@code /v3/api-docs}, documented as a client
 * needs it: a summary, a described tag, its success with a schema and every problem it can answer as
 * problem+json with examples. An endpoint added later without documentation fails here.
 */
@IntegrationTest
class OpenApiDocumentTest {

    /** Headings of the seed; a tag's description names the one its service implements. */
    private static final List<String> SEED_HEADINGS = List.of("1. Basic GenServer Structure",
            "2. Stack Example (Complete GenServer)", "3. Key-Value Store with Error Handling",
            "4. Timeouts and Monitoring", "5. State Initialization with Arguments", "6. Synchronous vs Asynchronous",
            "Named vs Unnamed GenServers", "Early Return and Async Reply", "Not Handling Crashes Properly",
            "Blocking the GenServer", "Circuit breakers", "Rate limiters", "Job queues", "Event logging");

    @Autowired
    private RestTestClient client;
    @Autowired
    private JsonMapper json;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mapping;

    private ApiDocument document;
    private List<ServiceEndpoint> endpoints;

    @BeforeEach
    void fetch() {
        document = ApiDocument.fetch(client, json);
        endpoints = ServiceEndpoint.all(mapping);
    }

    /** A page of another site may not frame the Swagger UI, whose buttons send same-origin writes. */
    @Test
    void theSwaggerUi_mayNotBeFramed() {
        client.get().uri("/swagger-ui/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", "frame-ancestors 'none'")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
    }

    /** Moved by {@code springdoc.swagger-ui.path}, the UI and its files keep the headers. */
    @Test
    void theSwaggerUisPaths_followItsSetting() {
        assertThat(OpenApiConfiguration.swaggerUiPaths("/swagger-ui.html"))
                .containsExactly("/swagger-ui.html", "/swagger-ui/*");
        assertThat(OpenApiConfiguration.swaggerUiPaths("/docs/ui.html")).containsExactly("/docs/ui.html",
                "/docs/swagger-ui/*");
        // set without its slash, which Spring MVC adds: a filter's pattern without one failed the start
        assertThat(OpenApiConfiguration.swaggerUiPaths("docs.html")).containsExactly("/docs.html", "/swagger-ui/*");
    }

    /** springdoc writes the YAML form itself, as a string: it needs no YAML message converter. */
    @Test
    void theYamlForm_isServed() {
        String yaml = client.get().uri("/v3/api-docs.yaml").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();

        assertThat(yaml).startsWith("openapi: ").contains("/api/stacks/{id}/pop:");
    }

    @Test
    void theEndpointList_comesFromTheRoutes() {
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(49)
                .extracting(ServiceEndpoint::toString)
                .contains("POST /api/stacks/{id}/pop", "GET /api/counter", "POST /api/rate-limits/{key}/acquire");
    }

    @Test
    void everyEndpoint_hasASummary_aDescribedTag_andASuccessWithItsSchema() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            JsonNode operation = document.operation(endpoint.method(), endpoint.path());
            softly.assertThat(operation.isMissingNode()).as("%s is in the document", endpoint).isFalse();
            softly.assertThat(operation.path("summary").asString()).as("summary of %s", endpoint).isNotBlank();
            List<JsonNode> tags = operation.path("tags").values().stream().toList();
            softly.assertThat(tags).as("tags of %s", endpoint).hasSize(1);
            for (JsonNode tag : tags) {
                List<JsonNode> entries = document.tags(tag.asString());
                softly.assertThat(entries).as("entries of tag %s (one, with one description)", tag).hasSize(1);
                entries.forEach(entry -> softly.assertThat(entry.path("description").asString())
                        .as("description of tag %s names its seed section", tag)
                        .containsAnyOf(SEED_HEADINGS.toArray(String[]::new)));
            }
            List<String> successes = operation.path("responses").propertyNames().stream()
                    .filter(code -> code.startsWith("2")).toList();
            softly.assertThat(successes).as("success responses of %s", endpoint).hasSize(1);
            successes.forEach(code -> {
                JsonNode schema = operation.path("responses").path(code).path("content")
                        .path("application/json").path("schema");
                softly.assertThat(schema.isMissingNode()).as("schema of %s %s", endpoint, code)
                        .isEqualTo(!endpoint.answersWithBody());
            });
        }));
    }

    /**
     * Swagger UI shows a property's description beside its name: a client reads there what a field means and in
     * what unit ({@code ttl} in seconds, {@code at} an ISO-8601 instant), so every property of every schema has one.
     * A property that is a reference is described by the schema it names.
     */
    @Test
    void everySchemaProperty_isDescribed() {
        List<String> undescribed = new ArrayList<>();
        document.root().path("components").path("schemas").properties().forEach(schema ->
                schema.getValue().path("properties").properties().forEach(property -> {
                    JsonNode value = property.getValue();
                    if (!value.has("$ref") && value.path("description").asString("").isBlank()) {
                        undescribed.add(schema.getKey() + "." + property.getKey());
                    }
                }));
        assertThat(undescribed).as("schema properties without a description").isEmpty();
    }

    @Test
    void everyErrorResponse_isProblemJson_withTheProblemSchema_andAnExamplePerError() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            JsonNode responses = document.operation(endpoint.method(), endpoint.path()).path("responses");
            for (String code : responses.propertyNames()) {
                if (code.startsWith("2") || code.equals("304")) {
                    continue;
                }
                JsonNode response = responses.path(code);
                String where = endpoint + " " + code;
                softly.assertThat(response.path("content").propertyNames()).as("media types of %s", where)
                        .containsExactly("application/problem+json");
                JsonNode media = ApiDocument.problemJson(response);
                softly.assertThat(media.path("schema").path("$ref").asString()).as("schema of %s", where)
                        .isEqualTo("#/components/schemas/Problem");
                softly.assertThat(media.path("examples").size()).as("examples of %s", where).isPositive();
                for (JsonNode example : media.path("examples").values()) {
                    softly.assertThat(example.path("value").path("status").asInt()).as("status in %s", where)
                            .isEqualTo(Integer.parseInt(code));
                    softly.assertThat(example.path("value").path("error").asString()).as("error in %s", where)
                            .matches("[a-z_]+");
                    softly.assertThat(response.path("description").asString()).as("description of %s", where)
                            .contains("`" + example.path("value").path("error").asString() + "`");
                }
            }
        }));
    }

    /** RFC 9110, 13.2.2: If-None-Match: * on a read of what exists is 304; a write with it is refused (501). */
    @Test
    void everyRead_documentsNotModified_andNoWriteDoes() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            JsonNode responses = document.operation(endpoint.method(), endpoint.path()).path("responses");
            softly.assertThat(responses.has("304")).as("304 of %s", endpoint)
                    .isEqualTo(endpoint.method().equals("GET"));
            softly.assertThat(responses.has("501")).as("501 of %s", endpoint)
                    .isEqualTo(!endpoint.method().equals("GET"));
        }));
    }

    /** A browser's write from another site is 403 ({@link CrossSiteWrites}); a read is served whatever its site. */
    @Test
    void everyWrite_documentsTheRefusalOfABrowsersWriteFromAnotherSite_andNoReadDoes() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> softly.assertThat(document.operation(endpoint.method(),
                endpoint.path()).path("responses").path("403").path("content").path("application/problem+json")
                .path("examples").has("forbidden")).as("403 forbidden of %s", endpoint)
                .isEqualTo(!endpoint.method().equals("GET"))));
    }

    @Test
    void everyEndpoint_declaresTheProcessesItReaches_andDocumentsTheirFailures() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            Sends sends = endpoint.handler().getMethodAnnotation(Sends.class);
            softly.assertThat(sends).as("%s is annotated @Sends", endpoint).isNotNull();
            List<String> expected = new ArrayList<>();
            if (sends != null) { // whatever it reaches: a process, or its service's supervisor, may be restarting
                expected.add("503 unavailable");
            }
            if (sends != null && sends.value() == Sends.Message.CALL) {
                expected.addAll(List.of("500 exit", "503 overloaded", "504 timeout"));
                expected.addAll(recipientErrors(sends.to()));
            }
            if (sends != null && sends.value() == Sends.Message.SUPERVISE) {
                expected.addAll(List.of("500 exit", "503 overloaded"));
                expected.addAll(recipientErrors(sends.to()));
                // DynamicSupervisor's start_child and terminate_child wait without a bound; a 504 was documented
                softly.assertThat(document.response(endpoint.method(), endpoint.path(), 504).isMissingNode())
                        .as("a start or stop by the supervisor does not time out, so %s cannot", endpoint).isTrue();
            }
            if (sends != null && sends.value() == Sends.Message.CAST) {
                expected.add("503 overloaded");
                expected.addAll(recipientErrors(sends.to()));
                softly.assertThat(document.response(endpoint.method(), endpoint.path(), 504).isMissingNode())
                        .as("a cast waits for nothing, so %s cannot time out", endpoint).isTrue();
            }
            if (sends != null && sends.value() == Sends.Message.LOOKUP) {
                softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 503))
                        .as("%s is refused while its supervisor is not there", endpoint).contains("unavailable");
                softly.assertThat(document.response(endpoint.method(), endpoint.path(), 504).isMissingNode())
                        .as("%s waits for no process", endpoint).isTrue();
                softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 500))
                        .as("%s sees no process exit", endpoint).doesNotContain("exit");
            } else if (sends != null) {
                softly.assertThat(ApiDocument.problemJson(document.response(endpoint.method(), endpoint.path(), 503))
                        .path("examples").path("overloaded").path("value").path("detail").asString())
                        .as("%s's overloaded example is its own or the mailbox's, not the body budget's", endpoint)
                        .isNotEqualTo(RequestGuard.BODIES_HELD);
            }
            for (String failure : expected) {
                int status = Integer.parseInt(failure.substring(0, 3));
                softly.assertThat(document.errors(endpoint.method(), endpoint.path(), status))
                        .as("%s documents %s", endpoint, failure).contains(failure.substring(4));
            }
        }));
    }

    /**
     * A generated client's check of an event's type refuses the control and invisible characters the service
     * refuses wherever they stand (PathKeyPatternTest compares it with the rule character by character).
     */
    @Test
    void anEventTypesPattern_refusesWhatTheServiceRefuses() {
        String pattern = document.root().path("components").path("schemas").path("LogEventRequest")
                .path("properties").path("type").path("pattern").asString();

        assertThat(pattern).isEqualTo("^[^" + PathKey.Rule.INVISIBLE_CLASS + "]*" + PathKey.Rule.END);
        assertThat(java.util.regex.Pattern.compile(pattern).asMatchPredicate())
                .accepts("user_signed_in", "é 🎉 /x")
                .rejects("a\nb", "\u0000", "\u007F", "\u0085", "tab\tin", "\u200B", "a\u2028b", "\u202Eab");
    }

    /** The parser's bounds, which RequestLimitsHttpTest holds the service to, are in the document's invalid_json. */
    @Test
    void aJsonBodysInvalidJson_namesTheParsersBounds() {
        assertThat(document.response("PUT", "/api/kv/{id}/entries/{key}", 400).path("description").asString())
                .contains("nesting deeper than 64, a number of more than 1000 digits, a string of more than 1000000 "
                        + "characters");
    }

    @Test
    void whatAnEndpointReads_isDocumentedWithItsFailures() {
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            var parameters = List.of(endpoint.handler().getMethodParameters());
            if (parameters.stream().anyMatch(p -> p.hasParameterAnnotation(PathVariable.class))) {
                softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 400))
                        .as("%s documents invalid_key", endpoint).contains("invalid_key");
            }
            if (parameters.stream().anyMatch(p -> p.hasParameterAnnotation(RequestParam.class))) {
                softly.assertThat(document.response(endpoint.method(), endpoint.path(), 400).path("description")
                        .asString()).as("%s documents a query parameter given twice", endpoint)
                        .contains("given more than once");
            }
            for (var key : parameters.stream().filter(p -> p.hasParameterAnnotation(PathKey.class)).toList()) {
                JsonNode schema = document.operation(endpoint.method(), endpoint.path()).path("parameters").values()
                        .stream().filter(p -> p.path("in").asString().equals("path")
                                && p.path("name").asString().equals(key.getParameterName()))
                        .findFirst().orElseThrow().path("schema");
                softly.assertThat(List.of(schema.path("minLength").asInt(), schema.path("maxLength").asInt()))
                        .as("lengths of %s {%s}", endpoint, key.getParameterName()).containsExactly(1, 256);
                softly.assertThat(schema.path("pattern").asString()).as("pattern of %s {%s}", endpoint,
                        key.getParameterName()).isEqualTo(PathKey.Rule.PATTERN);
            }
            if (parameters.stream().anyMatch(p -> p.hasParameterAnnotation(RequestBody.class))) {
                JsonNode body = document.operation(endpoint.method(), endpoint.path()).path("requestBody");
                softly.assertThat(body.path("content").path("application/json").has("schema"))
                        .as("request schema of %s", endpoint).isTrue();
                // the service refuses a field its request does not take: an object's schema says so
                JsonNode schema = body.path("content").path("application/json").path("schema");
                String ref = schema.path("$ref").asString("");
                JsonNode resolved = ref.isEmpty() ? schema : document.root().path("components").path("schemas")
                        .path(ref.substring(ref.lastIndexOf('/') + 1));
                if (resolved.has("properties")) {
                    softly.assertThat(resolved.path("additionalProperties").asBoolean(true))
                            .as("%s's body takes no other field", endpoint).isFalse();
                }
            }
            // any request may carry a body, read or not, and RequestGuard judges every one
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 400))
                    .as("%s documents invalid_json", endpoint).contains("invalid_json");
            // and any request may be refused before it is routed: a path Tomcat cannot decode, a broken multipart
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 400))
                    .as("%s documents invalid_request", endpoint).contains("invalid_request");
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 413))
                    .as("%s documents 413", endpoint).containsExactly("body_too_large");
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 415))
                    .as("%s documents 415", endpoint).containsExactly("unsupported_media_type");
            // and have it refused while other bodies hold the budget (BodyBudget)
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 503))
                    .as("%s documents overloaded", endpoint).contains("overloaded");
            // or answered 408 for arriving too slowly (genserver.web.body-timeout)
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 408))
                    .as("%s documents 408", endpoint).containsExactly("request_timeout");
            // If-Match with a tag on any request (Preconditions), a condition on '*' on a write
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 412))
                    .as("%s documents 412", endpoint).containsExactly("precondition_failed");
            softly.assertThat(document.errors(endpoint.method(), endpoint.path(), 501))
                    .as("%s documents 501 on writes only", endpoint)
                    .containsExactlyElementsOf(endpoint.method().equals("GET") ? List.of()
                            : List.of("precondition_unsupported"));
        }));
    }

    /**
     * A query parameter is documented as what it binds to: a number as an integer of its width, with its default,
     * so that a generated client sends a number and the bounds beside it apply (on a string they would not).
     */
    @Test
    void everyQueryParameter_isDocumentedWithTheTypeAndDefaultItBindsTo() {
        List<String> checked = new ArrayList<>();
        assertSoftly(softly -> endpoints.forEach(endpoint -> {
            for (var parameter : endpoint.handler().getMethodParameters()) {
                RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
                if (query == null) {
                    continue;
                }
                String name = !query.name().isEmpty() ? query.name() : parameter.getParameterName();
                JsonNode documented = document.operation(endpoint.method(), endpoint.path()).path("parameters")
                        .values().stream().filter(p -> p.path("in").asString().equals("query")
                                && p.path("name").asString().equals(name)).findFirst().orElseThrow();
                Class<?> type = parameter.getParameterType();
                boolean isLong = type == long.class || type == Long.class;
                boolean isInt = type == int.class || type == Integer.class;
                JsonNode schema = documented.path("schema");
                String where = endpoint + " ?" + name;
                softly.assertThat(schema.path("type").asString()).as("type of %s", where)
                        .isEqualTo(isLong || isInt ? "integer" : "string");
                if (isLong || isInt) {
                    softly.assertThat(schema.path("format").asString()).as("format of %s", where)
                            .isEqualTo(isLong ? "int64" : "int32");
                }
                boolean hasDefault = !query.defaultValue().equals(ValueConstants.DEFAULT_NONE);
                softly.assertThat(schema.path("default").isMissingNode() ? null : schema.path("default").asString())
                        .as("default of %s", where).isEqualTo(hasDefault ? query.defaultValue() : null);
                softly.assertThat(documented.path("required").asBoolean(false)).as("required: %s", where)
                        .isEqualTo(query.required() && !hasDefault);
                checked.add(where);
            }
        }));
        assertThat(checked).contains("POST /api/rate-limits/{key}/acquire ?permits", "GET /api/events ?limit",
                "GET /api/kv/{id}/keys ?limit", "GET /api/kv/{id}/keys ?after");
    }

    /** A new process's start is a call to its supervisor, so even a cast that starts one may meet its exit. */
    private static List<String> recipientErrors(Sends.Recipient[] recipients) {
        return List.of(recipients).stream().flatMap(recipient -> switch (recipient) {
            case SINGLETON -> Stream.of("503 unavailable");
            case PROCESS_BY_ID -> Stream.of("404 noproc");
            case NEW_PROCESS -> Stream.of("503 max_children", "500 exit");
        }).toList();
    }
}
