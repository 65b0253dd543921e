package dev.genserver.baseline;

/** {@code {"value": n}}: the same body the counter answers. */
record BaselineValue(long value) {
}
