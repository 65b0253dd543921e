package dev.genserver.stack;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The document's initial {@code items} of a new stack hold at most this instance's {@code genserver.stacks.max-items},
 * which the service refuses beyond, so that a client generated from it does not send what the service answers 400;
 * its example, which the Swagger UI's "Try it out" sends as it is, holds no more either.
 */
@Component
final class StackLimitsDocumentation implements OpenApiCustomizer {

    /** The example's items, one of each kind of JSON value a stack usually holds; the first max-items of them. */
    private static final List<Object> EXAMPLE_ITEMS = List.of(1, "two", Map.of("three", 3));
    private static final List<String> EXAMPLE_NAMES = List.of("one item", "two items", "three items");

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
            int count = Math.min(maxItems, EXAMPLE_ITEMS.size());
            String name = EXAMPLE_NAMES.get(count - 1);
            Map<String, Example> examples = new LinkedHashMap<>();
            examples.put(name, new Example().description(name).value(Map.of("items", EXAMPLE_ITEMS.subList(0, count))));
            json.setExamples(examples);
        }
    }
}
