package dev.genserver.events;

import java.util.Map;

/**
 * {@code {"total", "byType"}}: all-time counts, which outlive the events that fell out of the ring buffer.
 *
 * @param total  every event ever logged
 * @param byType counts per type name, sorted by name; types beyond the cap are counted under {@code "_other"}
 */
record EventStats(long total, Map<String, Long> byType) {
}
