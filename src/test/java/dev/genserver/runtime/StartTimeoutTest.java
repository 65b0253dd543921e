package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** {@code GenServer.start_link(mod, arg, timeout: t)}: an init that outruns its start timeout fails the start. */
class StartTimeoutTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** An init that waits for {@code release}, recording whether it was interrupted. */
    final class SlowInit implements GenServer<String> {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        SlowInit(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public Init<String> init() {
            entered.countDown();
            try {
                release.await();
                return Init.ok("started by " + Self.pid().id());
            } catch (InterruptedException e) {
                events.add("init interrupted");
                return Init.ok("interrupted");
            }
        }
    }

    private static CompletableFuture<Pid> startOnAnotherThread(ProcessRuntime runtime, GenServer<?> server,
                                                               StartOptions options) {
        CompletableFuture<Pid> started = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                started.complete(runtime.start(server, options));
            } catch (RuntimeException failure) {
                started.completeExceptionally(failure);
            }
        });
        return started;
    }

    @Test
    void startTimeout_whenInitOutrunsIt_failsTheStartWithTimeout_freesTheName_andInterruptsInit() {
        CountDownLatch entered = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            CompletableFuture<Pid> start = startOnAnotherThread(runtime, new SlowInit(entered, new CountDownLatch(1)),
                    StartOptions.named(Name.local("slow")).withStartTimeout(Duration.ofSeconds(1)));
            await(entered);
            CompletableFuture<String> waiting = runtime.whereis("slow").orElseThrow()
                    .callAsync(new Probe.Get(), Duration.ofHours(1)).thenApply(String::valueOf);

            timers.advance(Duration.ofMillis(999));
            assertThat(start).as("within its start timeout").isNotDone();
            timers.advance(Duration.ofMillis(1));

            assertThatThrownBy(() -> join(start)).isInstanceOfSatisfying(InitFailedException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.abnormal("timeout")));
            assertThatThrownBy(() -> join(waiting)).as("proc_lib kills it: exit(Pid, kill)")
                    .isInstanceOfSatisfying(ProcessExitException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
            assertThat(runtime.whereis("slow")).isEmpty();
            assertThat(runtime.count()).isZero();
            assertThat(Fixtures.take(events)).isEqualTo("init interrupted");
        }
    }

    /**
     * proc_lib's {@code kill_flush_EXIT}: "unlink/1 has to be called before exit/2 or we might be killed by the
     * link". A caller that does not trap exits hears {@code timeout} from the start and lives on.
     */
    @Test
    void startTimeout_ofALinkedStart_failsTheStart_butSparesACallerThatDoesNotTrapExits() {
        CountDownLatch entered = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid caller = runtime.start(new LinksAndExitSignalsTest.Actor("caller", events));
            CompletableFuture<String> start = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> start.complete(caller.call(new LinksAndExitSignalsTest.Run<>(() -> {
                try {
                    Self.startLink(new SlowInit(entered, new CountDownLatch(1)),
                            StartOptions.DEFAULTS.withStartTimeout(Duration.ofSeconds(1)));
                    return "started";
                } catch (InitFailedException failed) {
                    return "failed: " + failed.reason();
                }
            }), Duration.ofHours(1))));
            await(entered);

            timers.advance(Duration.ofSeconds(1));

            assertThat(join(start)).isEqualTo("failed: " + ExitReason.abnormal("timeout"));
            assertThat(caller.isAlive()).isTrue();
            assertThat(caller.call(new Probe.Get())).as("the caller still answers").isZero();
        }
    }

    @Test
    void startTimeout_whenInitReturnsInTime_startsNormally_onInitsOwnThread() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            CompletableFuture<Pid> start = startOnAnotherThread(runtime, new SlowInit(entered, release),
                    StartOptions.DEFAULTS.withStartTimeout(Duration.ofSeconds(1)));
            await(entered);
            timers.advance(Duration.ofMillis(999));

            release.countDown();

            Pid pid = join(start);
            assertThat(pid.isAlive()).isTrue();
            assertThat(timers.pending()).as("the start timer is cancelled").isZero();
            timers.advance(Duration.ofSeconds(5));
            assertThat(pid.isAlive()).isTrue();
            assertThat(events).isEmpty();
        }
    }

    @Test
    void startTimeout_mustBePositive() {
        assertThatThrownBy(() -> StartOptions.DEFAULTS.withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
