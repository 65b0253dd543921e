package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A step of the stop is taken once: a start after it (context.stop() then start()) neither undoes nor repeats it. */
class StopStepTest {

    private final AtomicInteger taken = new AtomicInteger();
    private final StopStep step = new StopStep(7) {
        @Override
        protected void onStop() {
            taken.incrementAndGet();
        }
    };

    @Test
    void aStep_isRunningFromItsMaking_neverPaused_andTakenOnce_evenIfStartedAgain() {
        assertThat(step.isRunning()).isTrue();
        assertThat(step.isPauseable()).isFalse();
        assertThat(step.getPhase()).isEqualTo(7);

        step.stop();
        step.start();

        assertThat(step.isRunning()).as("what the step ended does not start again").isFalse();
        step.stop();
        assertThat(taken).hasValue(1);
    }
}
