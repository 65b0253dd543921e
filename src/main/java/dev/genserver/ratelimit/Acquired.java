package dev.genserver.ratelimit;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"key", "allowed": true, "remaining": n}}: the answer to an acquire that got its permits. */
record Acquired(@Schema(example = "client-7") String key, @Schema(example = "true") boolean allowed,
                @Schema(description = "Whole tokens left", example = "9") long remaining) {
}
