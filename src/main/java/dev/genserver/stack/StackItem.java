package dev.genserver.stack;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** {@code {"item": x}}: the body of push, the answer of pop and peek; a stack holds no null. */
record StackItem(@Schema(ref = "#/components/schemas/JsonValue") JsonNode item) {
}
