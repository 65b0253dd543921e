package dev.genserver.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.TimedOutCalls;
import dev.genserver.keyed.Listing;
import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/counters} never lists more than 1000 names at once, however many counters exist, and pages
 * through the rest.
 */
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
    void names_ofMoreCountersThanAPage_areTheFirstThousandInOrder_thenTheRest() {
        for (int i = 0; i <= Listing.PAGE; i++) {
            counters.increment("c%04d".formatted(i));
        }

        Listing first = counters.names(null);
        assertThat(first).isEqualTo(new Listing(
                IntStream.range(0, Listing.PAGE).mapToObj("c%04d"::formatted).toList(), "c0999"));
        assertThat(counters.names("c0999")).isEqualTo(new Listing(List.of("c1000"), null));
        assertThat(counters.names("c0499").keys()).as("any name starts a page").hasSize(501).startsWith("c0500");
    }
}
