package dev.genserver.cache;

import tools.jackson.databind.JsonNode;

/** {@code {"key": k, "value": v}}; {@code value} may be any JSON, null included. */
record CacheEntry(String key, JsonNode value) {
}
