package dev.genserver.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

/**
 * Stored values ({@link JsonNode}) are any JSON value. springdoc would describe Jackson's node class instead, and
 * swagger-core types a replacement schema {@code object} wherever it is used; this replaces the class with an
 * untyped schema and then removes that {@code object} again, since JSON Schema 2020-12 reads "no type" as "any".
 */
@SuppressWarnings("rawtypes") // swagger's Schema tree is raw-typed throughout
final class AnyJsonSchemas implements OpenApiCustomizer {

    static final String DESCRIPTION = "Any JSON value: object, array, string, number, boolean or null";

    static {
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema().description(DESCRIPTION));
    }

    @Override
    public void customise(OpenAPI openApi) {
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(schema -> untype(schema, seen));
        }
        if (openApi.getPaths() == null) {
            return;
        }
        for (PathItem path : openApi.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                if (operation.getRequestBody() != null) {
                    untype(operation.getRequestBody().getContent(), seen);
                }
                if (operation.getResponses() != null) {
                    for (ApiResponse response : operation.getResponses().values()) {
                        untype(response.getContent(), seen);
                    }
                }
            }
        }
    }

    private static void untype(Content content, Set<Schema> seen) {
        if (content != null) {
            for (MediaType media : content.values()) {
                untype(media.getSchema(), seen);
            }
        }
    }

    private static void untype(Schema schema, Set<Schema> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (DESCRIPTION.equals(schema.getDescription())) {
            schema.setType(null);
            schema.setTypes(null);
        }
        if (schema.getProperties() != null) {
            for (Object property : schema.getProperties().values()) {
                untype((Schema) property, seen);
            }
        }
        untype(schema.getItems(), seen);
        if (schema.getAdditionalProperties() instanceof Schema values) {
            untype(values, seen);
        }
    }
}
