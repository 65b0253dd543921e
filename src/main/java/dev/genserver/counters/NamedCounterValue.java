package dev.genserver.counters;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"name": "...", "value": n}}. */
record NamedCounterValue(@Schema(example = "clicks") String name, @Schema(example = "1") long value) {
}
