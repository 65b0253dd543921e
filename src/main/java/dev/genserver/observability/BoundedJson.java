package dev.genserver.observability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A copy of a JSON tree cut down to a fixed size: at most {@link #MAX_NODES} nodes, {@link #MAX_DEPTH} levels and
 * {@link #MAX_TEXT} characters per string or number. What is cut is said, not hidden: a long string ends in
 * {@code …}, a cut array ends with {@code "… 9995 more"}, a cut object gets a {@code "…"} property with the
 * count.
 * The servers' own {@code formatStatus} keeps states small; this is the guarantee when one does not.
 *
 * <p>Not thread-safe: one instance per copy.
 */
final class BoundedJson {

    static final int MAX_NODES = 200;
    static final int MAX_DEPTH = 6;
    static final int MAX_TEXT = 200;
    static final String MORE = "…";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private int budget = MAX_NODES;

    private BoundedJson() {
    }

    static JsonNode copy(JsonNode tree) {
        return new BoundedJson().node(tree, 1);
    }

    private JsonNode node(JsonNode node, int depth) {
        budget--;
        if (node.isContainer() && depth >= MAX_DEPTH) {
            return NODES.stringNode(MORE + " " + node.size() + (node.isArray() ? " elements" : " properties"));
        }
        if (node.isArray()) {
            return array(node, depth);
        }
        if (node.isObject()) {
            return object(node, depth);
        }
        if (node.isString()) {
            return text(node.stringValue());
        }
        if (node.isNumber() && node.toString().length() > MAX_TEXT) {
            return text(node.toString());
        }
        return node;
    }

    private ArrayNode array(JsonNode source, int depth) {
        ArrayNode copy = NODES.arrayNode();
        int left = source.size();
        for (JsonNode element : source.values()) {
            if (budget <= 0) {
                copy.add(MORE + " " + left + " more");
                break;
            }
            copy.add(node(element, depth + 1));
            left--;
        }
        return copy;
    }

    private ObjectNode object(JsonNode source, int depth) {
        ObjectNode copy = NODES.objectNode();
        int left = source.size();
        for (var property : source.properties()) {
            if (budget <= 0) {
                copy.put(MORE, left + " more");
                break;
            }
            copy.set(truncate(property.getKey()), node(property.getValue(), depth + 1));
            left--;
        }
        return copy;
    }

    private static JsonNode text(String value) {
        return NODES.stringNode(truncate(value));
    }

    /** Cuts at {@link #MAX_TEXT} characters, never between the two halves of a surrogate pair. */
    private static String truncate(String value) {
        if (value.length() <= MAX_TEXT) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return value.substring(0, end) + MORE;
    }
}
