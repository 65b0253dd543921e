package dev.genserver.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void newBucket_isFull() {
        TokenBucket bucket = new TokenBucket(10, BigDecimal.TEN, T0);

        assertThat(bucket.available()).isEqualTo(10);
        assertThat(bucket.secondsUntilFull()).isZero();
    }

    @Test
    void tryTake_takesOnlyWhenEnoughTokens_andTakesNothingOtherwise() {
        TokenBucket bucket = new TokenBucket(3, BigDecimal.ONE, T0);

        assertThat(bucket.tryTake(2)).isTrue();
        assertThat(bucket.tryTake(2)).isFalse();
        assertThat(bucket.available()).isEqualTo(1);
        assertThat(bucket.tryTake(1)).isTrue();
        assertThat(bucket.available()).isZero();
    }

    @Test
    void refill_isContinuous_andWholeTokensAreRoundedDown() {
        TokenBucket bucket = new TokenBucket(4, new BigDecimal("0.5"), T0);
        bucket.tryTake(4);

        bucket.refill(T0.plusMillis(1999));
        assertThat(bucket.available()).isZero();
        bucket.refill(T0.plusMillis(2000));
        assertThat(bucket.available()).isEqualTo(1);
        bucket.refill(T0.plusMillis(5000));
        assertThat(bucket.available()).isEqualTo(2);
    }

    @Test
    void refill_neverExceedsCapacity() {
        TokenBucket bucket = new TokenBucket(5, BigDecimal.TEN, T0);
        bucket.tryTake(1);

        bucket.refill(T0.plus(Duration.ofDays(365)));

        assertThat(bucket.available()).isEqualTo(5);
        assertThat(bucket.secondsUntilFull()).isZero();
    }

    @Test
    void refill_withADecimalRate_isExact_noTokenLostToRounding() {
        TokenBucket bucket = new TokenBucket(3, new BigDecimal("0.3"), T0);
        bucket.tryTake(3);

        Instant now = T0;
        for (int i = 0; i < 100; i++) { // 100 refills of 0.1 s each at 0.3/s: exactly 3 tokens
            now = now.plusMillis(100);
            bucket.refill(now);
        }

        assertThat(bucket.available()).isEqualTo(3);
    }

    @Test
    void clockSteppingBack_earnsNothing_untilItPassesTheLastRefillAgain() {
        TokenBucket bucket = new TokenBucket(10, BigDecimal.ONE, T0);
        bucket.tryTake(10);

        bucket.refill(T0.minusSeconds(5));
        assertThat(bucket.available()).isZero();
        bucket.refill(T0.plusSeconds(2));
        assertThat(bucket.available()).isEqualTo(2);
    }

    @Test
    void secondsUntil_areWholeSecondsRoundedUp() {
        TokenBucket bucket = new TokenBucket(10, new BigDecimal("4"), T0);
        bucket.tryTake(10);

        assertThat(bucket.secondsUntilAvailable(1)).isEqualTo(1);   // 0.25 s
        assertThat(bucket.secondsUntilAvailable(5)).isEqualTo(2);   // 1.25 s
        assertThat(bucket.secondsUntilFull()).isEqualTo(3);         // 2.5 s
        bucket.refill(T0.plusMillis(2500));
        assertThat(bucket.secondsUntilFull()).isZero();
        assertThat(bucket.secondsUntilAvailable(10)).isZero();
    }

    @Test
    void secondsFor_isTheFillTime() {
        assertThat(TokenBucket.secondsFor(BigDecimal.TEN, BigDecimal.TEN)).isEqualTo(Duration.ofSeconds(1));
        assertThat(TokenBucket.secondsFor(BigDecimal.ONE, new BigDecimal("3")))
                .isEqualTo(Duration.ofNanos(333_333_334));
    }
}
