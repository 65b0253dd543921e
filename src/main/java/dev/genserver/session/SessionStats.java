package dev.genserver.session;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * {@code {"active": n, "expired": m}}: sessions not past their TTL now, and sessions removed by expiry so far.
 * Counts only, never ids.
 */
record SessionStats(@Schema(description = "Sessions not past their TTL now", example = "1") int active,
                    @Schema(description = "Sessions removed by expiry so far", example = "0") long expired)
        implements Serializable {
}
