package dev.genserver.cache;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** {@code {"key": k, "value": v}}; {@code value} may be any JSON, null included. */
record CacheEntry(@Schema(description = "The entry's key", example = "user:42") String key, JsonNode value) {
}
