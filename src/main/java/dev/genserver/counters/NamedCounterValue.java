package dev.genserver.counters;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"name": "...", "value": n}}. */
record NamedCounterValue(@Schema(description = "The counter's name", example = "clicks") String name,
                         @Schema(description = "The counter's value", example = "1") long value) {
}
