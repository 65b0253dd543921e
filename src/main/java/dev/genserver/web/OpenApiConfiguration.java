package dev.genserver.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

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
                        .schemas(ModelConverters.getInstance(true).read(ProblemBody.class))
                        .addHeaders(HttpHeaders.RETRY_AFTER, integerHeader(1, "Whole seconds to wait "
                                + "before retrying; at least 1"))
                        .addHeaders("RateLimit-Limit", integerHeader(0, "Tokens a full bucket holds"))
                        .addHeaders("RateLimit-Remaining", integerHeader(0, "Whole tokens left after this request"))
                        .addHeaders("RateLimit-Reset", integerHeader(0, "Whole seconds until the bucket is full "
                                + "again; 0 when it is")));
    }

    @Bean
    OpenApiCustomizer anyJsonSchemas() {
        return new AnyJsonSchemas();
    }

    private static Header integerHeader(int minimum, String description) {
        return new Header().description(description)
                .schema(new Schema<>().types(Set.of("integer")).minimum(BigDecimal.valueOf(minimum)));
    }
}
