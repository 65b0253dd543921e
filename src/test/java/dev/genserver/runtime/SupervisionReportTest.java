package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** What a supervisor publishes after each message, read without a message ({@link ProcessRuntime#supervision}). */
class SupervisionReportTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void aStaticSupervisor_publishesItsCountsAndChildren_andTheRestartWindowSlidesWhenRead() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, Duration.ofSeconds(5))
                    .withChild(ChildSpec.permanent("a", () -> new Probe("a", events))), StartOptions.DEFAULTS);
            runtime.kill(root.child("a").orElseThrow());
            root.stats(); // queued behind the exit: the restart is done and published

            SupervisionReport report = runtime.supervision(root.pid()).orElseThrow();

            assertThat(report.stats()).isEqualTo(new SupervisorStats("one_for_one", 1, 1, 3, Duration.ofSeconds(5)));
            assertThat(report.children()).extracting(ChildInfo::id).containsExactly("a");
            timers.advance(Duration.ofSeconds(5).plusNanos(1));
            assertThat(runtime.supervision(root.pid()).orElseThrow().stats().restartsInWindow())
                    .as("counted at the moment of reading, with no message since").isZero();
        }
    }

    @Test
    void aSupervisorBusyInAHandler_isStillReadAtOnce() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE), StartOptions.DEFAULTS);
            Thread starter = Thread.ofVirtual().start(() -> root.startChild(ChildSpec.permanent("slow", () ->
                    new Probe("slow", events) {
                        @Override
                        public Init<Long> init() {
                            entered.countDown();
                            await(release);
                            return super.init();
                        }
                    })));
            await(entered);

            assertThat(runtime.supervision(root.pid()).orElseThrow().stats().children()).isZero();

            release.countDown();
            Waiting.until("the child is started", () -> !starter.isAlive());
            assertThat(runtime.supervision(root.pid()).orElseThrow().children()).extracting(ChildInfo::id)
                    .containsExactly("slow");
        }
    }

    @Test
    void aDynamicSupervisor_publishesCountsOnly_andOtherProcessesNothing() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor pool = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            pool.startChild(ChildSpec.temporary("one", () -> new Probe("one", events)));
            pool.startChild(ChildSpec.temporary("two", () -> new Probe("two", events)));

            SupervisionReport report = runtime.supervision(pool.pid()).orElseThrow();

            assertThat(report.stats().children()).isEqualTo(2);
            assertThat(report.children()).isEmpty();
            assertThat(runtime.supervision(runtime.start(new Probe("plain", events)))).isEmpty();
            runtime.kill(pool.pid());
            assertThat(runtime.supervision(pool.pid())).as("an exited supervisor publishes nothing").isEmpty();
        }
    }
}
