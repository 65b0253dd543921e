package dev.genserver.stack;

import tools.jackson.databind.JsonNode;

/**
 * {@code {"item": x}}: the body of a push and the answer of pop and peek. The item is any JSON value but null;
 * the controller checks that for pushes (a missing or null item is refused with 400).
 */
record StackItem(JsonNode item) {
}
