package dev.genserver.events;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/events}: both fields are required; {@code payload} may be any JSON value, null
 * included.
 */
record LogEventRequest(String type, JsonNode payload) {
}
