package dev.genserver.web;

import java.util.List;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict, exact JSON (README, "Errors": {@code invalid_json}): a repeated field is refused, as its last copy would
 * win unseen; stored values keep their numbers exactly; a document's depth and tokens are bounded so that a hostile
 * body cannot exhaust memory or stack (1,000 digits: what the calculator's operands may have).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    /** The parser's bounds: nesting, digits of a number, characters of a string (the OpenAPI document states them). */
    static final int MAX_DEPTH = 64;
    static final int MAX_DIGITS = 1000;
    static final int MAX_STRING = 1_000_000;

    /**
     * The API reads and writes JSON only. Swagger's libraries bring Jackson 2's YAML module, for which Spring
     * registers a YAML converter: it took YAML bodies and could not build the Jackson 3 types the handlers take (a
     * 500), and 415 answers offered {@code application/yaml}. Every Jackson 2 converter goes; springdoc writes its
     * YAML document as a string.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer noJackson2Converters() {
        return builder -> builder.configureMessageConvertersList(converters -> converters.removeIf(
                converter -> converter instanceof AbstractJackson2HttpMessageConverter));
    }

    /**
     * Boot's builder with the stream limits, every customizer applied as Boot would (Boot's own sets the
     * {@code spring.jackson.deserialization} features of application.yml), then the coercion rules. A
     * {@link JsonMapperBuilderCustomizer} cannot set the limits: they live on the factory, which Jackson 3.1's
     * {@code MapperBuilder} takes when it is created and can only return afterwards (there is no setter), and
     * Boot 4.0 has no property for read constraints; hence this bean in place of Boot's.
     */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_DIGITS)
                        .maxStringLength(MAX_STRING).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
