package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** In the running service the kept calls past their minute are let go on a schedule, not only at a next timeout. */
@IntegrationTest
class TimedOutCallsSweepTest {

    private static final Duration EVERY = Duration.ofMillis(TimedOutCalls.SWEEP_EVERY_MILLIS);

    @Autowired
    private ScheduledTaskHolder scheduler;

    @Autowired
    private ProcessTree tree;

    @Autowired
    private TimedOutCalls timedOut;

    @Test
    void theSweep_isScheduledEveryTenSeconds_onTheCallsTheServicesKeep() {
        assertThat(tree.timedOutCalls()).isSameAs(timedOut);
        assertThat(scheduler.getScheduledTasks()).map(ScheduledTask::getTask)
                // the runnable is wrapped for outcome tracking; its name is the scheduled method's
                .filteredOn(task -> task.toString().equals(TimedOutCalls.class.getName() + ".forgetExpired"))
                .singleElement().isInstanceOfSatisfying(FixedDelayTask.class, task -> {
                    assertThat(task.getIntervalDuration()).isEqualTo(EVERY);
                    assertThat(task.getInitialDelayDuration()).isEqualTo(EVERY);
                });
    }
}
