package dev.genserver.jobs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The document's {@code durationMs} goes up to this instance's {@code genserver.jobs.max-duration}, which the
 * controller refuses beyond, so that a client generated from it does not send what the service answers 400.
 */
@Component
final class JobLimitsDocumentation implements OpenApiCustomizer {

    private final BigDecimal maxDurationMs;

    JobLimitsDocumentation(JobsProperties properties) {
        this.maxDurationMs = BigDecimal.valueOf(properties.maxDuration().toMillis());
    }

    @Override
    public void customise(OpenAPI openApi) {
        Schema<?> request = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? null
                : openApi.getComponents().getSchemas().get(SubmitJobRequest.class.getSimpleName());
        if (request != null && request.getProperties() != null && request.getProperties().get("durationMs") != null) {
            request.getProperties().get("durationMs").setMaximum(maxDurationMs);
        }
    }
}
