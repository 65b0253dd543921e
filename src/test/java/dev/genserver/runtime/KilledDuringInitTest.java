package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * A process killed through its name while its {@code init} runs has not started: proc_lib's sync_start returns
 * {@code {error, Reason}} on the {@code 'DOWN'} that comes instead of the ack, and start_monitor does the same.
 */
class KilledDuringInitTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** An init that waits for {@code release}, or for the interrupt of a kill. */
    record SlowInit(CountDownLatch entered, CountDownLatch release) implements GenServer<String> {
        @Override
        public Init<String> init() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException killed) {
                // a kill interrupts the thread running init; init returns as a server that ignores it would
            }
            return Init.ok("started");
        }
    }

    @Test
    void start_ofAProcessKilledThroughItsNameWhileInitRuns_failsWithKilled_andFreesTheName() {
        SlowInit slow = new SlowInit(new CountDownLatch(1), new CountDownLatch(1));
        try (ProcessRuntime runtime = runtime(timers)) {
            CompletableFuture<String> start = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> start.complete(outcome(() -> runtime.start(slow,
                    StartOptions.named(Name.local("slow"))))));
            await(slow.entered());

            runtime.kill(runtime.whereis("slow").orElseThrow());
            slow.release().countDown();

            assertThat(join(start)).isEqualTo("failed: " + ExitReason.KILLED);
            assertThat(runtime.whereis("slow")).isEmpty();
            assertThat(runtime.count()).isZero();
        }
    }

    /** Before, the start returned the dead pid and no Down ever came: a job's worker stayed "running" forever. */
    @Test
    void startMonitored_ofAProcessKilledWhileInitRuns_failsWithKilled_andLeavesNoMonitor() {
        SlowInit slow = new SlowInit(new CountDownLatch(1), new CountDownLatch(1));
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new LinksAndExitSignalsTest.Actor("watcher", events));
            CompletableFuture<String> start = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> start.complete(watcher.call(new LinksAndExitSignalsTest.Run<>(() ->
                    outcome(() -> runtime.startMonitored(slow, StartOptions.named(Name.local("slow"))).pid())),
                    Fixtures.PATIENCE)));
            await(slow.entered());

            runtime.kill(runtime.whereis("slow").orElseThrow());
            slow.release().countDown();

            assertThat(join(start)).isEqualTo("failed: " + ExitReason.KILLED);
            assertThat(watcher.isAlive()).isTrue();
            assertThat(runtime.whereis("slow")).isEmpty();
        }
    }

    private static String outcome(java.util.function.Supplier<Pid> start) {
        try {
            return "started " + start.get();
        } catch (InitFailedException failed) {
            return "failed: " + failed.reason();
        }
    }
}
