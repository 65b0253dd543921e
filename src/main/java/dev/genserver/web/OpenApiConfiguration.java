package dev.genserver.web;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /v3/api-docs} (and the Swagger UI on it): what the service is, the shared
 * {@code Problem} schema and headers, and the problem answers of every operation ({@link ProblemResponses}).
 * Each service describes its own tag (the seed section it implements) in its controller's {@code @Tag}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI genServerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("genserver-boot").version("v1")
                        .description("Elixir's GenServer on the JVM: every resource is served by processes that "
                                + "handle one message at a time. Calls answer when the process replies; casts "
                                + "answer 202 once the message is queued. Every error is application/problem+json "
                                + "with a stable `error` property."))
                // Relative, so "Try it out" goes to whatever origin served the document (a proxy, another port).
                .servers(List.of(new Server().url("/").description("The origin this document was loaded from")))
                .components(new Components()
                        .addSchemas("Problem", problem())
                        .addHeaders(HttpHeaders.RETRY_AFTER, integerHeader(1, "Whole seconds to wait "
                                + "before retrying; at least 1"))
                        .addHeaders("RateLimit-Limit", integerHeader(0, "Tokens a full bucket holds"))
                        .addHeaders("RateLimit-Remaining", integerHeader(0, "Whole tokens left after this request"))
                        .addHeaders("RateLimit-Reset", integerHeader(0, "Whole seconds until the bucket is full "
                                + "again; 0 when it is")));
    }

    /**
     * Stored values ({@link JsonNode}) are any JSON value: a schema without a type (JSON Schema 2020-12 reads that as
     * "any"), referenced rather than inlined, since springdoc types an inlined schema without one {@code object}.
     */
    @Bean
    ModelConverter anyJson() {
        return (type, context, chain) -> {
            if (JsonNode.class.isAssignableFrom(Json.mapper().constructType(type.getType()).getRawClass())) {
                context.defineModel("AnyJson", new JsonSchema().description("Any JSON value: object, array, "
                        + "string, number, boolean or null"));
                return new Schema<>().$ref("#/components/schemas/AnyJson");
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        };
    }

    /**
     * The wire format of every error answer. Not springdoc's schema for {@link org.springframework.http.ProblemDetail},
     * which nests the extra properties under {@code properties}: Jackson flattens them.
     */
    private static Schema<?> problem() {
        return new Schema<>().types(Set.of("object")).description("RFC 9457 problem details, sent as "
                        + "application/problem+json. Clients switch on `error`, which is stable; `title` and `detail` "
                        + "are for people.")
                .addProperty("type", property("string", "uri", "A URI naming the problem type; absent means "
                        + "about:blank (the status says it all)", null)._default("about:blank"))
                .addProperty("title", property("string", null, "The status's reason phrase", "Conflict"))
                .addProperty("status", property("integer", "int32", "The HTTP status code", 409))
                .addProperty("detail", property("string", null, "What went wrong, for people; never echoes keys, ids "
                        + "or bodies", "the stack is empty"))
                .addProperty("instance", property("string", "uri-reference", "The request path",
                        "/api/stacks/example/pop"))
                .addProperty("error", property("string", null, "The machine-readable reason: the seed's atoms "
                        + "(`not_found`, `empty`, `expired`, …), the runtime's (`noproc`, `timeout`, `exit`, "
                        + "`overloaded`, `max_children`, `unavailable`) or the framework's (`invalid_json`, "
                        + "`invalid_request`, `invalid_key`, `unsupported_media_type`, …)", "empty"))
                .required(List.of("error", "status", "title"));
    }

    private static Schema<Object> property(String type, String format, String description, Object example) {
        return new Schema<>().types(Set.of(type)).format(format).description(description).example(example);
    }

    private static Header integerHeader(int minimum, String description) {
        return new Header().description(description)
                .schema(new Schema<>().types(Set.of("integer")).minimum(BigDecimal.valueOf(minimum)));
    }
}
