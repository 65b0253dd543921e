package dev.genserver.events;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/events}: both fields are required; {@code payload} may be any JSON value, null
 * included. {@code type} is read as a node so that a number or boolean there is refused (the application's JSON
 * settings would coerce {@code 7} into {@code "7"} for a {@code String}).
 */
record LogEventRequest(JsonNode type, JsonNode payload) {

    /** The type if it is a JSON string, else null. */
    String typeText() {
        return type != null && type.isString() ? type.stringValue() : null;
    }
}
