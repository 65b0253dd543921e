package dev.genserver.breaker;

/** {@code {"name", "state": "closed"|"open"|"half_open", "failures"}}. */
record BreakerView(String name, String state, int failures) {
}
