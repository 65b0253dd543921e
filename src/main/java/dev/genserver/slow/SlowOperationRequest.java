package dev.genserver.slow;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/slow-operations}: {@code {"delayMs": 300}}, required, 0..10000. */
record SlowOperationRequest(
        @Schema(description = "How long the operation takes", minimum = "0", maximum = "10000", example = "300",
                requiredMode = Schema.RequiredMode.REQUIRED) Integer delayMs) {
}
