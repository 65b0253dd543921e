package dev.genserver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manual time the runtime's tests move by hand. */
class ManualTimersTest {

    private final ManualTimers timers = new ManualTimers();
    private final long start = timers.nanoTime();
    private final List<Long> ranAt = new ArrayList<>();

    @Test
    void aDeadline_isKept_whateverTimeHasPassedSinceItWasRead() {
        long read = timers.nanoTime();
        timers.advance(Duration.ofMillis(10)); // another thread moves time between the reading and the scheduling
        timers.scheduleAt(() -> ranAt.add(timers.nanoTime()), read + Duration.ofMillis(100).toNanos());

        assertThat(timers.advance(Duration.ofMillis(89))).isZero();
        assertThat(timers.advance(Duration.ofMillis(1))).isOne();
        assertThat(ranAt).containsExactly(start + Duration.ofMillis(100).toNanos());
    }

    @Test
    void aDeadlineAlreadyPassed_runsAtTheNextAdvance_atTheTimeThen() {
        timers.advance(Duration.ofMillis(10));
        timers.scheduleAt(() -> ranAt.add(timers.nanoTime()), start);

        assertThat(timers.advance(Duration.ZERO)).isOne();
        assertThat(ranAt).containsExactly(start + Duration.ofMillis(10).toNanos());
    }

    /** A task that moves time itself (as a process moving a test's time does), further than the advance that ran it. */
    @Test
    void timeNeverGoesBack_whenAnAdvanceEndsBehindAnotherOne() {
        timers.schedule(() -> timers.advance(Duration.ofMillis(50)), Duration.ofMillis(5));

        timers.advance(Duration.ofMillis(10));

        assertThat(timers.nanoTime()).isEqualTo(start + Duration.ofMillis(55).toNanos());
    }
}
