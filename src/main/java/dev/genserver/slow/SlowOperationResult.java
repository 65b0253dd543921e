package dev.genserver.slow;

import java.time.Instant;

/** {@code {"delayMs", "completedAt"}}: the answer once the work is done. */
record SlowOperationResult(long delayMs, Instant completedAt) {
}
