package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import org.junit.jupiter.api.Test;

/**
 * The guide's pitfall "Forgetting to Update State", side by side with its fix. The process goes on with exactly the
 * state a callback returns: a handler that computes the new count and returns the old state loses the update, and
 * nothing reports it, in Java as in Elixir. Every result type names its next state ({@link CallResult}), which is
 * where a reader sees the slip.
 * <pre>
 * def handle_cast({:increment, amount}, state) do                case Oops oops -&gt; {
 *   state.counter + amount  # Oops! Just computes                   long ignored = state.counter() + oops.amount();
 *   {:noreply, state}       # Old state returned                    yield Result.noreply(state);
 * end                                                           }
 * def handle_cast({:increment, amount}, state) do                case Increment increment -&gt; Result.noreply(
 *   new_counter = state.counter + amount                            new Counting(state.counter() + increment.amount()));
 *   {:noreply, %{state | counter: new_counter}}
 * end
 * </pre>
 */
class ForgettingToUpdateStateTest {

    record Counting(long counter) { }

    /** The guide's slip: computes the new count, returns the old state. */
    record Oops(long amount) { }

    /** The guide's fix. */
    record Increment(long amount) { }

    record Get() implements Call<Long> { }

    static final class Counter implements GenServer<Counting> {
        @Override
        public Init<Counting> init() {
            return Init.ok(new Counting(0));
        }

        @Override
        public Result<Counting> handleCast(Object message, Counting state) {
            return switch (message) {
                case Oops oops -> {
                    long ignored = state.counter() + oops.amount();
                    yield Result.noreply(state);
                }
                case Increment increment -> Result.noreply(new Counting(state.counter() + increment.amount()));
                default -> GenServer.super.handleCast(message, state);
            };
        }

        @Override
        public CallResult<Counting> handleCall(Call<?> request, From from, Counting state) {
            return request instanceof Get get ? get.reply(state.counter(), state)
                    : GenServer.super.handleCall(request, from, state);
        }
    }

    @Test
    void aCastThatReturnsTheOldState_losesItsUpdate_andTheFixKeepsIt() {
        try (ProcessRuntime runtime = runtime(new ManualTimers())) {
            Pid counter = runtime.start(new Counter());

            counter.cast(new Oops(5));
            assertThat(counter.call(new Get())).as("the slip: nothing counted, nothing reported").isZero();
            assertThat(counter.isAlive()).isTrue();

            counter.cast(new Increment(5));
            counter.cast(new Increment(2));
            assertThat(counter.call(new Get())).as("the fix").isEqualTo(7L);
        }
    }
}
