package dev.genserver.stack;

import dev.genserver.web.Failure;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the stack bodies, whose values are arbitrary JSON, by hand: the create body is optional and so is its
 * {@code items} list, and an item is any JSON value except null, which record binding cannot express (a
 * {@code JsonNode} component takes a missing field as null and JSON null as a node). A body of the wrong shape (not
 * an object, a missing or unknown field, a field of the wrong type) is {@code invalid_json}, as the bodies Jackson
 * binds are; a null item, which breaks the items' one rule, is {@code invalid_request}.
 */
final class StackBodies {

    static final String NULL_ITEM = "field 'item' must not be null";

    private StackBodies() {
    }

    /**
     * The initial items of {@code POST /api/stacks}, bottom to top: none without a body or without {@code items}.
     *
     * @throws ErrorResponseException if the body is not an object, has other fields, or {@code items} is not a list of
     *                      non-null values
     */
    static List<JsonNode> initialItems(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            return List.of();
        }
        if (!body.isObject()) {
            throw Failure.INVALID_JSON.exception("the body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("items")) {
                throw Failure.INVALID_JSON.exception(Failure.unknownField("the request body", List.of("items")));
            }
        }
        JsonNode items = body.get("items");
        if (items == null) {
            return List.of();
        }
        if (!items.isArray()) {
            throw Failure.INVALID_JSON.exception("field 'items' must be a list");
        }
        List<JsonNode> result = new ArrayList<>(items.size());
        for (JsonNode item : items.values()) {
            if (item.isNull()) {
                throw Failure.INVALID_REQUEST.exception("field 'items' must not contain null");
            }
            result.add(item);
        }
        return result;
    }

    /**
     * The item of {@code POST /api/stacks/{id}/push}: the body must be {@code {"item": x}} with x not null.
     *
     * @throws ErrorResponseException if the body is not such an object
     */
    static JsonNode pushedItem(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1 || !body.has("item")) {
            throw Failure.INVALID_JSON.exception("the body must be {\"item\": <any JSON value but null>}");
        }
        if (body.get("item").isNull()) {
            throw Failure.INVALID_REQUEST.exception(NULL_ITEM);
        }
        return body.get("item");
    }
}
