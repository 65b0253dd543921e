package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000);
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), now::get);

    @Test
    void theFirstLineGoesThrough_thenOnePerPeriod_reportingTheLinesHeldBack() {
        assertThat(throttle.admit()).isZero();
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(throttle.admit()).as("ten seconds after the first").isEqualTo(2);
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(throttle.admit()).isEqualTo(1);
    }

    @Test
    void aClockStartingBelowZero_stillLetsTheFirstLineThrough() {
        now.set(Long.MIN_VALUE + 1);

        assertThat(throttle.admit()).isZero();
        assertThat(throttle.admit()).isEqualTo(-1);
    }
}
