package dev.genserver.slow;

/** The body of {@code POST /api/slow-operations}: {@code {"delayMs": 300}}, required, 0..10000. */
record SlowOperationRequest(Integer delayMs) {
}
