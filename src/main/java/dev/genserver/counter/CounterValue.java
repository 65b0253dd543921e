package dev.genserver.counter;

/** {@code {"value": n}}. */
record CounterValue(long value) {
}
