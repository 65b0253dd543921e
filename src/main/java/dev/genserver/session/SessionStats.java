package dev.genserver.session;

/**
 * {@code {"active": n, "expired": m}}: sessions not past their TTL now, and sessions removed by expiry so far.
 * Counts only, never ids.
 */
record SessionStats(int active, long expired) {
}
