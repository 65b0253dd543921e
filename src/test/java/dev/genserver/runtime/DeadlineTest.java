package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A bounded wait on a clock of the runtime's own, which no thread can park on: it ends when that clock says. */
class DeadlineTest {

    private static final Duration EARLY = Duration.ofMillis(10);

    private final ManualTimers manual = new ManualTimers();

    /** Manual time whose tasks run {@link #EARLY} before they are due, as a coarse or rounding service's may. */
    private final TimerService early = new TimerService() {
        @Override
        public TimerRef schedule(Runnable task, Duration delay) {
            return manual.schedule(task, delay.minus(EARLY).isNegative() ? Duration.ZERO : delay.minus(EARLY));
        }

        @Override
        public long nanoTime() {
            return manual.nanoTime();
        }
    };

    /**
     * A wake-up that fired with time left is scheduled again: the wait parked on with no timer pending, and only a
     * reply could have ended it.
     */
    @Test
    void aWakeUpThatFiresBeforeTheDeadline_isScheduledAgain_andTheWaitEndsAtTheDeadline() throws InterruptedException {
        long start = early.nanoTime();
        Deadline deadline = new Deadline(early, start + Duration.ofMillis(100).toNanos());
        CompletableFuture<Long> ended = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            while (deadline.remaining() > 0) {
                deadline.park(this);
            }
            deadline.done();
            ended.complete(early.nanoTime());
        });

        assertThat(manual.awaitDueIn(Duration.ofMillis(90), Fixtures.PATIENCE)).isTrue();
        manual.advance(Duration.ofMillis(90));
        assertThat(manual.awaitDueIn(Duration.ZERO, Fixtures.PATIENCE)).as("scheduled again, 10 ms left").isTrue();
        assertThat(ended).isNotDone();
        manual.advance(Duration.ofMillis(10));

        assertThat(Fixtures.join(ended) - start).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(manual.pending()).isZero();
    }
}
