package dev.genserver.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The count at the bound of a long, which Elixir's integers do not have. */
class CounterServerTest {

    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults());

    @AfterEach
    void close() {
        runtime.close();
    }

    /** Started at 9223372036854775806, the counter answered -9223372036854775808 two increments later. */
    @Test
    void anIncrementAtTheBound_isRefused_andTheCountStays_ratherThanWrapping() {
        Pid counter = runtime.start(new CounterServer(Long.MAX_VALUE - 1));

        assertThat(counter.call(new CounterServer.Increment())).isEqualTo(Long.MAX_VALUE);
        assertThat(counter.call(new CounterServer.Increment())).isNull();
        assertThat(counter.call(new CounterServer.Value())).isEqualTo(Long.MAX_VALUE);
    }
}
