package dev.genserver.idempotency;

import dev.genserver.web.Failure;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;

/**
 * Documents the {@code Idempotency-Key} header on every write under {@code /api} (the operations
 * {@link IdempotencyFilter} serves): the parameter, described once in the components, and the problems it
 * adds, merged into the operation's problem responses beside the ones the web layer derived, with an example each.
 */
final class IdempotencyDocumentation implements OpenApiCustomizer {

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** A problem the header adds: when it is given, and the detail of its example. */
    private record Problem(Failure failure, String meaning, String detail) { }

    private static final List<Problem> PROBLEMS = List.of(
            new Problem(Failure.INVALID_IDEMPOTENCY_KEY, "the Idempotency-Key header is not one structured-field "
                    + "string or token of 1 to " + IdempotencyKey.MAX_LENGTH + " characters; nothing was applied",
                    Failure.INVALID_IDEMPOTENCY_KEY.detail(IdempotencyKey.MAX_LENGTH)),
            new Problem(Failure.IDEMPOTENCY_KEY_IN_USE, "a request with this Idempotency-Key is still being handled; "
                    + "retry after Retry-After seconds to get its answer", Failure.IDEMPOTENCY_KEY_IN_USE.detail()),
            new Problem(Failure.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used for another method, path, "
                    + "query or body; nothing was applied", Failure.IDEMPOTENCY_KEY_REUSED.detail()),
            new Problem(Failure.UNAVAILABLE, "with an Idempotency-Key: as many keyed requests as "
                    + "genserver.idempotency.max-entries are being handled at once, or (cluster mode) the keys' store "
                    + "cannot be reached; nothing was applied, retry after Retry-After seconds",
                    IdempotencyFilter.STORE_FULL));

    private final IdempotencyProperties properties;

    IdempotencyDocumentation(IdempotencyProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addParameters(IdempotencyFilter.HEADER, parameter());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> {
                    if (WRITES.contains(method)) {
                        document(operation, path.replaceAll("\\{[^}]+}", "example"));
                    }
                });
            }
        });
    }

    private Parameter parameter() {
        // No example: a UI fills a parameter in from it, and every one of its users would send the same key
        return new Parameter().in("header").name(IdempotencyFilter.HEADER).required(false)
                .schema(new StringSchema().maxLength(2 * IdempotencyKey.MAX_LENGTH + 2))
                .description("Makes a retry safe (draft-ietf-httpapi-idempotency-key-header): a structured-field "
                        + "string (or a bare token) of 1 to " + IdempotencyKey.MAX_LENGTH + " characters, unguessable "
                        + "(a random UUID, a new one for each request: `\"8e03978e-40d5-43e8-bc93-6894a57f9324\"`). "
                        + "A repeat with the same key, method, path, query and body within "
                        + "`genserver.idempotency.ttl` (here " + properties.ttl().toString().substring(2)
                        .toLowerCase(Locale.ROOT) + ") of the first answer gets it again, with "
                        + "`" + IdempotencyFilter.REPLAYED + ": true`, and applies nothing. Answers 429 and 5xx are "
                        + "not kept: retry them with the same key; nor is a 400 (correct the request and send it "
                        + "with the same key), or an answer larger than `genserver.idempotency.max-bytes`.");
    }

    private static void document(Operation operation, String path) {
        operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + IdempotencyFilter.HEADER));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        PROBLEMS.forEach(problem -> {
            Failure failure = problem.failure();
            String status = Integer.toString(failure.status().value());
            ApiResponse response = responses.computeIfAbsent(status, absent -> new ApiResponse()
                    .description(failure.status().getReasonPhrase()));
            if (response.getContent() == null || response.getContent().get(PROBLEM_JSON) == null) {
                response.content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
            }
            MediaType problems = response.getContent().get(PROBLEM_JSON);
            if (problems.getExamples() == null || !problems.getExamples().containsKey(failure.error())) {
                problems.addExamples(failure.error(), new Example().summary(failure.error())
                        .value(example(failure, problem.detail(), path)));
            }
            response.description(response.getDescription() + "\n- `" + failure.error() + "`: " + problem.meaning());
            if (failure.retryAfter()) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER,
                        new Header().$ref("#/components/headers/" + HttpHeaders.RETRY_AFTER));
            }
        });
        responses.forEach((status, response) -> {
            if (isKept(status)) { // an answer the filter keeps, and so may give again
                response.addHeaderObject(IdempotencyFilter.REPLAYED,
                        new Header().$ref("#/components/headers/" + IdempotencyFilter.REPLAYED));
            }
        });
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        sorted.setExtensions(responses.getExtensions());
        operation.setResponses(sorted);
    }

    /** Whether the response is of a status ({@code default} is not) that the filter keeps to give again. */
    private static boolean isKept(String status) {
        return status.matches("[1-5][0-9][0-9]") && IdempotencyFilter.keeps(Integer.parseInt(status));
    }

    /** The body as the filter writes it. */
    private static Map<String, Object> example(Failure failure, String detail, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", detail);
        body.put("instance", path);
        body.put("status", failure.status().value());
        body.put("title", failure.status().getReasonPhrase());
        body.put("error", failure.error());
        return body;
    }
}
