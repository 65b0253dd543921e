package dev.genserver.ratelimit;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket with continuous refill, owned by one process (not thread-safe). Tokens are kept as an exact
 * decimal, so a rate like {@code 0.3} per second never loses or gains a token to rounding; clients see whole
 * tokens, rounded down.
 */
final class TokenBucket implements Serializable {

    private final BigDecimal capacity;
    private final BigDecimal refillPerSecond;
    private BigDecimal tokens;
    private Instant refilledAt;

    /** A full bucket. */
    TokenBucket(long capacity, BigDecimal refillPerSecond, Instant now) {
        this.capacity = BigDecimal.valueOf(capacity);
        this.refillPerSecond = refillPerSecond;
        this.tokens = this.capacity;
        this.refilledAt = now;
    }

    /**
     * Adds the tokens earned since the last refill. A clock that steps back earns nothing until it passes the
     * last refill again: a rate limiter should rather be strict than hand out tokens twice.
     */
    void refill(Instant now) {
        if (!now.isAfter(refilledAt)) {
            return;
        }
        Duration elapsed = Duration.between(refilledAt, now);
        BigDecimal seconds = BigDecimal.valueOf(elapsed.getSeconds()).add(BigDecimal.valueOf(elapsed.getNano(), 9));
        tokens = tokens.add(seconds.multiply(refillPerSecond)).min(capacity);
        refilledAt = now;
    }

    /** Takes {@code permits} tokens if there are that many; otherwise takes nothing. */
    boolean tryTake(long permits) {
        BigDecimal wanted = BigDecimal.valueOf(permits);
        if (tokens.compareTo(wanted) < 0) {
            return false;
        }
        tokens = tokens.subtract(wanted);
        return true;
    }

    /** Whole tokens available now (rounded down). */
    long available() {
        return tokens.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** Whole seconds until the bucket is full again (rounded up, 0 when full). */
    long secondsUntilFull() {
        return wholeSeconds(capacity.subtract(tokens));
    }

    /** Whole seconds until {@code permits} tokens are available (rounded up, 0 when they are). */
    long secondsUntilAvailable(long permits) {
        return wholeSeconds(BigDecimal.valueOf(permits).subtract(tokens));
    }

    private long wholeSeconds(BigDecimal deficit) {
        return deficit.signum() <= 0 ? 0 : deficit.divide(refillPerSecond, 0, RoundingMode.CEILING).longValueExact();
    }

    /** How long {@code amount} tokens take to accrue at {@code refillPerSecond}, rounded up to a nanosecond. */
    static Duration secondsFor(BigDecimal amount, BigDecimal refillPerSecond) {
        BigDecimal nanos = amount.movePointRight(9).divide(refillPerSecond, 0, RoundingMode.CEILING);
        return Duration.ofNanos(nanos.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact());
    }

    @Override
    public String toString() {
        return "TokenBucket[tokens=" + tokens.stripTrailingZeros().toPlainString() + "/" + capacity + "]";
    }
}
