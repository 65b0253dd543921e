package dev.genserver.events;

import dev.genserver.web.PathKey;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/events}: both fields are required; {@code payload} may be any JSON value, null
 * included. {@code type} is read as a node so that a number or boolean there is refused (the application's JSON
 * settings would coerce {@code 7} into {@code "7"} for a {@code String}).
 */
record LogEventRequest(
        @Schema(type = "string", description = "What happened: a string of 1 to 64 characters, in Unicode's "
                + "composed form (NFC), without the control, bidi control, separator or invisible characters a key "
                + "refuses ('/' and ';' are fine), not \"_other\"; the pattern names those refused wherever they "
                + "stand, up to U+FFFF",
                minLength = 1, maxLength = 64, example = "user_signed_in",
                pattern = "^[^" + PathKey.Rule.INVISIBLE_CLASS + "]*" + PathKey.Rule.END,
                requiredMode = Schema.RequiredMode.REQUIRED) JsonNode type,
        @Schema(implementation = JsonNode.class, requiredMode = Schema.RequiredMode.REQUIRED) JsonNode payload) {

    /** The type if it is a JSON string, else null. */
    String typeText() {
        return type != null && type.isString() ? type.stringValue() : null;
    }
}
