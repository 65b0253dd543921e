package dev.genserver.slow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** {@code {"delayMs", "completedAt"}}: the answer once the work is done. */
record SlowOperationResult(@Schema(description = "How long the operation took, in milliseconds, as asked",
                                   example = "300") long delayMs,
                           @Schema(description = "When the work was done (ISO-8601)",
                                   example = "2025-01-01T12:00:00.300Z") Instant completedAt) {
}
