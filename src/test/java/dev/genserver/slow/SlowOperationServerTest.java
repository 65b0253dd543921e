package dev.genserver.slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowOperationServerTest {

    private static final Duration PATIENT = Duration.ofHours(1);

    private final ManualTimers timers = new ManualTimers();
    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers));
    private final Pid server = runtime.start(new SlowOperationServer(clock));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void stats_answerAtOnce_whileOperationsArePending() {
        CompletableFuture<SlowOperationResult> first = perform(1000);
        CompletableFuture<SlowOperationResult> second = perform(2000);

        assertThat(stats()).isEqualTo(new SlowOperationStats(2, 0));
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
    }

    @Test
    void operations_completeWhenTheirTimerFires_andCountAsCompletedBeforeTheAnswer() throws Exception {
        CompletableFuture<SlowOperationResult> first = perform(1000);
        CompletableFuture<SlowOperationResult> second = perform(2000);
        assertThat(stats()).isEqualTo(new SlowOperationStats(2, 0)); // both calls handled, their timers set

        clock.advance(Duration.ofSeconds(1));
        timers.advance(Duration.ofSeconds(1));
        assertThat(first.get(5, TimeUnit.SECONDS))
                .isEqualTo(new SlowOperationResult(1000, Instant.parse("2026-01-01T00:00:01Z")));
        assertThat(stats()).isEqualTo(new SlowOperationStats(1, 1));
        assertThat(second).isNotDone();

        timers.advance(Duration.ofSeconds(1));
        assertThat(second.get(5, TimeUnit.SECONDS).delayMs()).isEqualTo(2000);
        assertThat(stats()).isEqualTo(new SlowOperationStats(0, 2));
    }

    @Test
    void stoppingTheProcess_failsTheWaitingCallers_insteadOfLeavingThemToTimeOut() {
        CompletableFuture<SlowOperationResult> pending = perform(1000);

        runtime.stop(server, ExitReason.SHUTDOWN, Duration.ofSeconds(5));

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ServiceUnavailableException.class);
    }

    /** Its supervisor's shutdown too: it traps exits, so terminate runs there instead of the signal ending it. */
    @Test
    void aSupervisorsShutdown_failsTheWaitingCallersToo() {
        CompletableFuture<SlowOperationResult> pending = perform(1000);

        runtime.shutdown(server, Duration.ofSeconds(5));

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ServiceUnavailableException.class);
    }

    private CompletableFuture<SlowOperationResult> perform(long delayMs) {
        return server.callAsync(new SlowOperationServer.SlowOperation(delayMs), PATIENT);
    }

    private SlowOperationStats stats() {
        return server.call(new SlowOperationServer.Stats());
    }
}
