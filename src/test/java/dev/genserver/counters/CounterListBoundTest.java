package dev.genserver.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.TimedOutCalls;
import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/counters} never lists more than 1000 names, however many counters exist. */
class CounterListBoundTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final NamedCounters counters = new NamedCounters(new RegisteredProcesses(
            DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2000), StartOptions.DEFAULTS),
            Registry.create("counters"), "counters", NamedCounterServer::new,
            new TimedOutCalls(Clock.systemUTC())));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void names_ofMoreCountersThanTheListLimit_areTheFirstThousandInOrder() {
        for (int i = 0; i <= NamedCounters.LIST_LIMIT; i++) {
            counters.increment("c%04d".formatted(i));
        }

        assertThat(counters.names()).isEqualTo(
                IntStream.range(0, NamedCounters.LIST_LIMIT).mapToObj("c%04d"::formatted).toList());
    }
}
