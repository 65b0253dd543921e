package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code supervisor:call/2} is {@code gen_server:call(Sup, Req, infinity)}, and Elixir's {@code DynamicSupervisor}
 * calls with {@code :infinity}: a start or a terminate takes as long as the child's init or terminate, bounded by
 * its start timeout and shutdown, never by the caller's call timeout. The runtime's default here is 50 ms, and time
 * moves past it ({@link #HELD}) while the child is held, before it may finish.
 */
class SupervisorCallsTest {

    private static final Duration HELD = Duration.ofMillis(150);

    private final ManualTimers timers = new ManualTimers();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void dynamicStartChild_waitsForAnInitLongerThanTheCallTimeout() throws Exception {
        try (ProcessRuntime runtime = quickRuntime()) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2),
                    StartOptions.DEFAULTS);

            CompletableFuture<Pid> started = onAnotherThread(() -> supervisor.startChild(
                    ChildSpec.temporary("slow", () -> new Held(true))));
            holdThenRelease();

            assertThat(join(started).isAlive()).isTrue();
            assertThat(supervisor.countChildren().active()).isOne();
        }
    }

    @Test
    void terminateChild_waitsForATerminateLongerThanTheCallTimeout() throws Exception {
        try (ProcessRuntime runtime = quickRuntime()) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("slow", () -> new Held(false))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))), // its terminate runs
                    StartOptions.DEFAULTS);
            Pid child = supervisor.child("slow").orElseThrow();

            CompletableFuture<Boolean> terminated = onAnotherThread(() -> supervisor.terminateChild("slow"));
            holdThenRelease();

            assertThat(join(terminated)).isTrue();
            assertThat(child.isAlive()).isFalse();
        }
    }

    private ProcessRuntime quickRuntime() {
        return ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withDefaultCallTimeout(Duration.ofMillis(50)));
    }

    /**
     * Once the child is held, moves time {@link #HELD} on, three times the call timeout, then lets it go. No timer
     * may fire: a wait bounded by the call timeout would have been woken by one.
     */
    private void holdThenRelease() {
        await(entered);
        assertThat(timers.advance(HELD)).as("timers fired past the call timeout").isZero();
        release.countDown();
    }

    private static <T> CompletableFuture<T> onAnotherThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /** A server whose init (or, if not, terminate) is held until the test releases it. */
    private final class Held implements GenServer<String> {

        private final boolean inInit;

        Held(boolean inInit) {
            this.inInit = inInit;
        }

        @Override
        public Init<String> init() {
            if (inInit) {
                hold();
            }
            return Init.ok("held");
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            if (!inInit) {
                hold();
            }
        }

        private void hold() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
