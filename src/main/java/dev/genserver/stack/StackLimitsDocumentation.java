package dev.genserver.stack;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The document's initial {@code items} of a new stack hold at most this instance's {@code genserver.stacks.max-items},
 * which the service refuses beyond, so that a client generated from it does not send what the service answers 400.
 */
@Component
final class StackLimitsDocumentation implements OpenApiCustomizer {

    private final int maxItems;

    StackLimitsDocumentation(StackProperties properties) {
        this.maxItems = properties.maxItems();
    }

    @Override
    public void customise(OpenAPI openApi) {
        PathItem stacks = openApi.getPaths() == null ? null : openApi.getPaths().get("/api/stacks");
        RequestBody body = stacks == null || stacks.getPost() == null ? null : stacks.getPost().getRequestBody();
        MediaType json = body == null || body.getContent() == null ? null
                : body.getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
        Schema<?> request = json == null ? null : json.getSchema();
        if (request != null && request.getProperties() != null
                && request.getProperties().get("items") instanceof Schema<?> items) {
            items.setMaxItems(maxItems);
        }
    }
}
