package dev.genserver.events;

import java.io.Serializable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code {"total", "byType"}}: all-time counts, which outlive the events that fell out of the ring buffer. */
record EventStats(@Schema(description = "Every event ever logged", example = "3") long total,
                  @Schema(description = "Counts per type name, sorted by name; types first seen after "
                          + "genserver.events.max-types names are counted under \"_other\"",
                          example = "{\"user_signed_in\": 2, \"order_placed\": 1}") Map<String, Long> byType)
        implements Serializable {
}
