package dev.genserver.kv;

import tools.jackson.databind.JsonNode;

/** {@code {"key": k, "value": v}}; {@code value} may be any JSON value, {@code null} included. */
record Entry(String key, JsonNode value) {
}
