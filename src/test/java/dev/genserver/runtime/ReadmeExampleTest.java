package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use the runtime on its own", run: the guide's Counter under a supervisor, with nothing but this
 * package. {@link LiftOutTest} compiles the README's text itself; this keeps its code and shows what it does.
 */
class ReadmeExampleTest {

    // --- as in the README ---
    record Increment() { }

    record Value() implements Call<Long> { }

    static final class Counter implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
            return switch (request) {
                case Value value -> value.reply(count, count);
                default -> GenServer.super.handleCall(request, from, count);
            };
        }

        @Override
        public Result<Long> handleCast(Object message, Long count) {
            return message instanceof Increment ? Result.noreply(count + 1)
                    : GenServer.super.handleCast(message, count);
        }
    }
    // --- end ---

    @Test
    void theCounter_countsInOrder_andIsRestartedFromZeroAfterACrash() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, Duration.ofSeconds(5))
                    .withChild(ChildSpec.permanent("counter", Counter::new)
                            .withOptions(StartOptions.named(Name.local("counter")))), StartOptions.DEFAULTS);

            runtime.cast("counter", new Increment());
            long value = runtime.call("counter", new Value()); // 1: the cast was handled first, in order
            assertThat(value).isEqualTo(1);

            runtime.kill(runtime.whereis("counter").orElseThrow());
            supervisor.countChildren(); // a call the supervisor handles after the exit: the counter is restarted
            assertThat(runtime.call("counter", new Value())).isZero(); // from its initial state, as in OTP
        }
    }
}
