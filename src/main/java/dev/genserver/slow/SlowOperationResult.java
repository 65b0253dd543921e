package dev.genserver.slow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** {@code {"delayMs", "completedAt"}}: the answer once the work is done. */
record SlowOperationResult(@Schema(example = "300") long delayMs,
                           @Schema(example = "2025-01-01T12:00:00.300Z") Instant completedAt) {
}
