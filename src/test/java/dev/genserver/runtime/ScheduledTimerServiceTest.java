package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The production timer service on the real clock. Nothing here waits for a delay to pass: a timer is either far
 * off (an hour) or due at once, and a test waits only for a due task to have started.
 */
class ScheduledTimerServiceTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final ScheduledTimerService timers = ScheduledTimerService.shared();

    @Test
    void timeLeft_ofAPendingTimer_isAtMostItsDelay_andCancelReturnsNoMoreThanThat() {
        TimerRef timer = timers.schedule(() -> { }, HOUR);

        Duration read = timer.timeLeft().orElseThrow();
        Optional<Duration> cancelled = timer.cancel();

        assertThat(read).isPositive().isLessThanOrEqualTo(HOUR);
        assertThat(cancelled).hasValueSatisfying(left -> assertThat(left).isLessThanOrEqualTo(read));
        assertThat(timer.timeLeft()).as("cancelled").isEmpty();
        assertThat(timer.cancel()).as("already cancelled").isEmpty();
    }

    @Test
    void afterItFired_timeLeftAndCancelAreEmpty() {
        CountDownLatch fired = new CountDownLatch(1);
        TimerRef timer = timers.schedule(fired::countDown, Duration.ZERO);
        Fixtures.await(fired);

        assertThat(timer.timeLeft()).isEmpty();
        assertThat(timer.cancel()).isEmpty();
    }

    @Test
    void cancel_whileTheTaskRuns_isEmpty_becauseTheTaskCannotBeStopped() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TimerRef timer = timers.schedule(() -> {
            entered.countDown();
            Fixtures.await(release);
        }, Duration.ZERO);
        Fixtures.await(entered);
        try {
            assertThat(timer.cancel()).as("a future's own cancel would claim success here").isEmpty();
        } finally {
            release.countDown();
        }
    }
}
