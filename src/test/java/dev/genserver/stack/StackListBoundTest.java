package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.TimedOutCalls;
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

/** {@code GET /api/stacks} never lists more than 1000 ids, however many stacks exist. */
class StackListBoundTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Stacks stacks = new Stacks(new RegisteredProcesses(
            DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2000), StartOptions.DEFAULTS),
            Registry.create("stacks"), "stacks", () -> new StackServer(List.of()),
            new TimedOutCalls(Clock.systemUTC())), StackProperties.DEFAULT_MAX_ITEMS);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void ids_ofMoreStacksThanTheListLimit_areAThousandOfThem() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i <= Stacks.LIST_LIMIT; i++) {
            created.add(stacks.create(List.of()));
        }

        assertThat(stacks.ids()).hasSize(Stacks.LIST_LIMIT).doesNotHaveDuplicates().allMatch(created::contains);
    }
}
