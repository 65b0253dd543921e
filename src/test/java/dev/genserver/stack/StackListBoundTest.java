package dev.genserver.stack;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/stacks} never lists more than 1000 ids at once, however many stacks exist, and pages through
 * them all: each page starts after the last id of the one before, which it names in {@code next}.
 */
class StackListBoundTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Stacks stacks = new Stacks(new RegisteredProcesses(
            DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2 * Listing.PAGE + 1),
                    StartOptions.DEFAULTS),
            Registry.create("stacks"), "stacks", () -> new StackServer(List.of()),
            new TimedOutCalls(Clock.systemUTC())), StackProperties.DEFAULT_MAX_ITEMS);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void ids_ofMoreStacksThanAPage_comeAThousandAtATime_andEveryOneOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 2 * Listing.PAGE + 1; i++) {
            created.add(stacks.create(List.of()));
        }
        List<String> sorted = created.stream().sorted().toList();

        Listing first = stacks.ids(null);
        Listing second = stacks.ids(first.next());
        Listing last = stacks.ids(second.next());

        assertThat(first.keys()).isEqualTo(sorted.subList(0, Listing.PAGE));
        assertThat(first.next()).isEqualTo(sorted.get(Listing.PAGE - 1));
        assertThat(second.keys()).isEqualTo(sorted.subList(Listing.PAGE, 2 * Listing.PAGE));
        assertThat(last.keys()).containsExactly(sorted.getLast());
        assertThat(last.next()).as("the last page names no next").isNull();
    }

    /** A page of exactly the page size names no next: nothing follows it. */
    @Test
    void ids_ofExactlyAPage_nameNoNext() {
        for (int i = 0; i < Listing.PAGE; i++) {
            stacks.create(List.of());
        }

        assertThat(stacks.ids(null).keys()).hasSize(Listing.PAGE);
        assertThat(stacks.ids(null).next()).isNull();
    }
}
