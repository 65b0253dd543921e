package dev.genserver.ratelimit;

import java.math.BigDecimal;

/** {@code {"key", "capacity", "available", "refillPerSecond"}}: a bucket as a client sees it (whole tokens). */
record BucketView(String key, long capacity, long available, BigDecimal refillPerSecond) {
}
