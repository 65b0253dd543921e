package dev.genserver.ratelimit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/** {@code {"key", "capacity", "available", "refillPerSecond"}}: a bucket as a client sees it (whole tokens). */
record BucketView(@Schema(description = "The bucket's key", example = "client-7") String key,
                  @Schema(description = "Tokens a full bucket holds", example = "10") long capacity,
                  @Schema(description = "Whole tokens available now", example = "10") long available,
                  @Schema(description = "Tokens added per second", example = "10") BigDecimal refillPerSecond) {
}
