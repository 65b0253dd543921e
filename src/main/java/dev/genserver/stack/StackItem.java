package dev.genserver.stack;

import tools.jackson.databind.JsonNode;

/** {@code {"item": x}}: the answer of pop and peek. */
record StackItem(JsonNode item) {
}
