package dev.genserver.ratelimit;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"key", "allowed": true, "remaining": n}}: the answer to an acquire that got its permits. */
record Acquired(@Schema(description = "The bucket's key", example = "client-7") String key,
                @Schema(description = "Always true: a refused acquire is a 429 problem", example = "true")
                boolean allowed,
                @Schema(description = "Whole tokens left", example = "9") long remaining) {
}
