package dev.genserver.slow;

/**
 * {@code {"inFlight", "completed"}}.
 *
 * @param inFlight  operations started and not yet answered
 * @param completed operations answered since the process started
 */
record SlowOperationStats(int inFlight, long completed) {
}
