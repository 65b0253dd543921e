package dev.genserver.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code {"events": [...]}}, newest first. */
record EventList(@Schema(description = "The events, newest first") List<Event> events) {
}
