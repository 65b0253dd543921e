package dev.genserver.kv;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** {@code {"key": k, "value": v}}; {@code value} may be any JSON value, {@code null} included. */
record Entry(@Schema(description = "The entry's key", example = "user:42") String key, JsonNode value) {
}
