package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Regression: a worker that crashed before its parent monitored it was reported as noproc, not its crash. */
class StartMonitoredTest {

    record SpawnCrashingChild() implements Call<Pid> { }

    /** Crashes in the first thing it does after init: its continue. */
    static final class CrashesAtOnce implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok("state", Next.continueWith("work"));
        }

        @Override
        public Result<String> handleContinue(Object arg, String state) {
            throw new IllegalStateException("failed as requested");
        }
    }

    /** Starts a monitored child on request and hands the DOWN it receives to the test. */
    static final class Parent implements GenServer<String> {
        final CompletableFuture<Down> down = new CompletableFuture<>();

        @Override
        public Init<String> init() {
            return Init.ok("parent");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            return switch (request) {
                case SpawnCrashingChild spawn -> spawn.reply(
                        Self.runtime().startMonitored(new CrashesAtOnce(), StartOptions.DEFAULTS).pid(), state);
                default -> GenServer.super.handleCall(request, from, state);
            };
        }

        @Override
        public Result<String> handleInfo(Object message, String state) {
            if (message instanceof Down received) {
                down.complete(received);
            }
            return Result.noreply(state);
        }
    }

    @Test
    void startMonitored_childCrashingInItsFirstMessage_reportsTheCrashReasonNotNoproc() throws Exception {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Parent parent = new Parent();
            Pid parentPid = runtime.start(parent);

            Pid child = parentPid.call(new SpawnCrashingChild(), Duration.ofSeconds(5));

            Down down = parent.down.get(5, TimeUnit.SECONDS);
            assertThat(down.pid()).isSameAs(child);
            assertThat(down.reason().kind()).isEqualTo(ExitReason.Kind.CRASH);
            assertThat(down.reason().detail()).contains("failed as requested");
        }
    }

    @Test
    void startMonitored_outsideAProcess_isRefused() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> runtime.startMonitored(new CrashesAtOnce(), StartOptions.DEFAULTS))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
