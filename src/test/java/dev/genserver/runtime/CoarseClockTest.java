package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The coarse clock ticks only while it is read: an idle service pays no wake-ups, and the first reading after a
 * quiet spell is the real clock, never the copy left from before it.
 */
class CoarseClockTest {

    @Test
    void unread_theTickerSleeps_andTheReadingThatWakesItIsTheRealClock() {
        Waiting.until("the ticker sleeps", CoarseClockTest::asleep);

        long before = System.nanoTime();
        long reading = CoarseClock.nanoTime();

        assertThat(reading).isGreaterThanOrEqualTo(before); // the copy from before the quiet spell would be older
        Waiting.until("the ticker ticks again", () -> {
            CoarseClock.nanoTime(); // keeps it reading, as a stream of calls does
            return CoarseClock.ticker().getState() == Thread.State.TIMED_WAITING;
        });
    }

    @Test
    void read_theCopyKeepsUpWithTheRealClock_andNeverRunsAheadOfIt() {
        long mark = System.nanoTime();
        // Read on: the copy must pass any time the real clock has shown, which a frozen copy never does.
        Waiting.until("the copy passes the mark", () -> CoarseClock.nanoTime() > mark);

        for (int i = 0; i < 100_000; i++) {
            long reading = CoarseClock.nanoTime();
            assertThat(reading).isLessThanOrEqualTo(System.nanoTime());
        }
    }

    @Test
    void aRuntimeThatIsOpenButIdle_doesNotKeepTheTickerAwake() {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Pid probe = runtime.start(new Probe());
            assertThat(probe.call(new Probe.Add(1), Duration.ofSeconds(5))).isEqualTo(1L); // reads the coarse clock

            Waiting.until("the ticker sleeps while the runtime is open", CoarseClockTest::asleep);
            assertThat(runtime.isClosed()).isFalse();
        }
    }

    /** Parked without a deadline: between two ticks it parks with one (TIMED_WAITING). */
    private static boolean asleep() {
        return CoarseClock.ticker().getState() == Thread.State.WAITING;
    }
}
