package dev.genserver.ratelimit;

import dev.genserver.web.DocumentedParameters;
import io.swagger.v3.oas.models.Operation;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * The document's {@code permits} goes up to this instance's capacity, the bound {@link Permits} refuses beyond, so
 * that a client generated from it does not send what the service answers 400.
 */
@Component
final class PermitsDocumentation implements OperationCustomizer {

    private final BigDecimal capacity;

    PermitsDocumentation(RateLimitProperties properties) {
        this.capacity = BigDecimal.valueOf(properties.capacity());
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        DocumentedParameters.schemas(operation, handler, Permits.class, "query")
                .forEach(schema -> schema.setMaximum(capacity));
        return operation;
    }
}
