package dev.genserver.ratelimit;

/** {@code {"key", "allowed": true, "remaining": n}}: the answer to an acquire that got its permits. */
record Acquired(String key, boolean allowed, long remaining) {
}
