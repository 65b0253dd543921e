package dev.genserver.events;

import java.io.Serializable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One logged event, as stored and as answered: {@code {"type", "payload", "at"}}; the payload is any JSON value the
 * client sent, {@code null} included.
 */
record Event(@Schema(description = "What happened, 1 to 64 characters", example = "user_signed_in") String type,
             JsonNode payload,
             @Schema(description = "When it was logged (ISO-8601)", example = "2025-01-01T12:00:00Z") Instant at)
        implements Serializable {
}
