package dev.genserver.kv;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"id": "...", "size": n}}. */
record StoreInfo(@Schema(description = "128 random bits, URL-safe Base64", example = "hT3nJ0pVq1xg2a9mQ4c7Ww")
                 String id,
                 @Schema(description = "Entries in the store", example = "2") int size) {
}
