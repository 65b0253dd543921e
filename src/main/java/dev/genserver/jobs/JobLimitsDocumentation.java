package dev.genserver.jobs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The document's {@code durationMs} goes up to this instance's {@code genserver.jobs.max-duration}, which the
 * controller refuses beyond, so that a client generated from it does not send what the service answers 400; its
 * example goes no further.
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
        Schema<?> durationMs = request == null || request.getProperties() == null ? null
                : request.getProperties().get("durationMs");
        if (durationMs != null) {
            durationMs.setMaximum(maxDurationMs);
            // the Swagger UI's "Try it out" sends the example as it is: past the maximum, it would be refused
            if (durationMs.getExample() != null
                    && new BigDecimal(durationMs.getExample().toString()).compareTo(maxDurationMs) > 0) {
                durationMs.setExample(maxDurationMs.longValueExact());
            }
        }
    }
}
