package dev.genserver.events;

import java.util.List;

/** {@code {"events": [...]}}, newest first. */
record EventList(List<Event> events) {
}
