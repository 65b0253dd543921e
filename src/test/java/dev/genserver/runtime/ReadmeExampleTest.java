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
    record Increment() implements Call<Long> { }

    record GetValue() implements Call<Long> { }

    record Reset() { }

    static final class Counter implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long count) {
            return switch (request) {
                case Increment increment -> increment.reply(count + 1, count + 1);
                case GetValue get -> get.reply(count, count);
                default -> GenServer.super.handleCall(request, from, count);
            };
        }

        @Override
        public Result<Long> handleCast(Object message, Long count) {
            return message instanceof Reset ? Result.noreply(0L) : GenServer.super.handleCast(message, count);
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

            runtime.call("counter", new Increment());
            assertThat(runtime.call("counter", new Increment())).isEqualTo(2);
            runtime.cast("counter", new Reset());
            assertThat(runtime.call("counter", new GetValue())).as("the cast was handled first, in order").isZero();
            runtime.call("counter", new Increment());

            runtime.kill(runtime.whereis("counter").orElseThrow());
            supervisor.countChildren(); // a call the supervisor handles after the exit: the counter is restarted
            assertThat(runtime.call("counter", new GetValue())).isZero(); // from its initial state, as in OTP
        }
    }
}
