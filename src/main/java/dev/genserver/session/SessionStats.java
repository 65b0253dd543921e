package dev.genserver.session;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * {@code {"active": n, "expired": m}}: sessions not past their TTL now, and sessions removed by expiry so far.
 * Counts only, never ids.
 */
record SessionStats(@Schema(example = "1") int active, @Schema(example = "0") long expired)
        implements Serializable {
}
