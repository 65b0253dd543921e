package dev.genserver.slow;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"inFlight", "completed"}}. */
record SlowOperationStats(@Schema(description = "Operations started and not yet answered", example = "2") int inFlight,
                          @Schema(description = "Operations answered since the process started", example = "40")
                          long completed) {
}
