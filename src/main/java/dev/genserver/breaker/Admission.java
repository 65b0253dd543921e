package dev.genserver.breaker;

/** {@code {"name", "state"}}: a call guarded by the breaker may proceed. */
record Admission(String name, String state) {
}
