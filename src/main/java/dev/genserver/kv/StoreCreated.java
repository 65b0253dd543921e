package dev.genserver.kv;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"id": "..."}}: the answer to creating a store. */
record StoreCreated(@Schema(description = "128 random bits, URL-safe Base64", example = "hT3nJ0pVq1xg2a9mQ4c7Ww")
                    String id) {
}
