package dev.genserver.events;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One logged event, as stored and as answered: {@code {"type", "payload", "at"}}.
 *
 * @param type    what happened, 1–64 characters
 * @param payload any JSON value the client sent, {@code null} included
 * @param at      when it was logged (ISO-8601 on the wire)
 */
record Event(String type, JsonNode payload, Instant at) {
}
