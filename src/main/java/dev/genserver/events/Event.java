package dev.genserver.events;

import java.io.Serializable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One logged event, as stored and as answered: {@code {"type", "payload", "at"}}.
 *
 * @param type    what happened, 1–64 characters
 * @param payload any JSON value the client sent, {@code null} included
 * @param at      when it was logged (ISO-8601 on the wire)
 */
record Event(@Schema(example = "user_signed_in") String type, JsonNode payload,
             @Schema(example = "2025-01-01T12:00:00Z") Instant at) implements Serializable {
}
