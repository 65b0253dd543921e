package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code :sys.statistics}: messages handled by kind, the start time and the mailbox, read without a message. */
class StatisticsTest {

    private final ManualTimers timers = new ManualTimers();
    private final MutableClock clock = MutableClock.startingAt("2025-01-02T03:04:05Z");

    private ProcessRuntime runtime() {
        return ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers).withClock(clock));
    }

    @Test
    void statistics_countEachKindOfMessageHandled_exactly() {
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe());
            for (int i = 0; i < 3; i++) {
                pid.call(new Probe.Add(1));
            }
            pid.cast(1L);
            pid.cast(1L);
            pid.send("hello");
            runtime.status(pid, Fixtures.PATIENCE); // answered after the casts and the info: they are counted

            ProcessStatistics statistics = runtime.statistics(pid);

            assertThat(statistics).isEqualTo(new ProcessStatistics(Instant.parse("2025-01-02T03:04:05Z"),
                    3, 2, 1, 1, 0));
            assertThat(statistics.processed()).isEqualTo(7);
            assertThat(runtime.info(pid).processed()).isEqualTo(7);
        }
    }

    @Test
    void statistics_ofABusyProcess_answerAtOnce_withTheMessagesWaiting() {
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            pid.cast(1L);
            pid.cast(1L);

            ProcessStatistics statistics = runtime.statistics(pid);

            assertThat(statistics.casts()).as("the blocked cast counts from the start of its handling").isEqualTo(1);
            assertThat(statistics.mailbox()).isEqualTo(2);
            block.release().countDown();
        }
    }

    @Test
    void statistics_ofASuspendedProcess_countTheMessagesItKeptAsideAsWaiting() {
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe());
            runtime.suspend(pid, Fixtures.PATIENCE);
            pid.cast(1L);
            pid.send("hello");
            runtime.status(pid, Fixtures.PATIENCE); // the drainer keeps both aside to reach this status

            ProcessStatistics suspended = runtime.statistics(pid);
            assertThat(suspended.casts()).isZero();
            assertThat(suspended.infos()).isZero();
            assertThat(suspended.others()).as("the suspend and the status").isEqualTo(2);
            assertThat(suspended.mailbox()).isEqualTo(2);

            runtime.resume(pid, Fixtures.PATIENCE);
            runtime.status(pid, Fixtures.PATIENCE);
            ProcessStatistics resumed = runtime.statistics(pid);
            assertThat(resumed.casts()).isEqualTo(1);
            assertThat(resumed.infos()).isEqualTo(1);
            assertThat(resumed.others()).isEqualTo(4);
            assertThat(resumed.mailbox()).isZero();
        }
    }

    @Test
    void statistics_ofAnExitedProcess_isNoProcess() {
        try (ProcessRuntime runtime = runtime()) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            assertThatThrownBy(() -> runtime.statistics(pid)).isInstanceOf(NoProcessException.class);
        }
    }
}
