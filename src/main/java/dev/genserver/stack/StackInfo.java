package dev.genserver.stack;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"id": "...", "size": n}}: a stack as {@code POST /api/stacks} and {@code GET /api/stacks/{id}} show it. */
record StackInfo(@Schema(description = "128 random bits, URL-safe Base64", example = "hT3nJ0pVq1xg2a9mQ4c7Ww")
                 String id,
                 @Schema(description = "Items on the stack", example = "3") int size) {
}
