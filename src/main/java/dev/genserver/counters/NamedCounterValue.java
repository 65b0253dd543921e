package dev.genserver.counters;

/** {@code {"name": "...", "value": n}}. */
record NamedCounterValue(String name, long value) {
}
