package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.genserver.app.Refusal;
import dev.genserver.app.TimedOutCalls;
import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.DefaultLocale;
import dev.genserver.web.Failure;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code genserver.stacks.max-items}: no client can grow one stack without bound. */
class StackItemLimitTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_ITEMS = 3;

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Stacks stacks = new Stacks(new RegisteredProcesses(
            DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10), StartOptions.DEFAULTS),
            Registry.create("stacks"), "stacks", () -> new StackServer(List.of()),
            new TimedOutCalls(Clock.systemUTC())), MAX_ITEMS);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void push_ontoAFullStack_isConflictFull_andLeavesTheStackAsItWas() {
        String id = stacks.create(items(1, 2, 3));

        assertThatThrownBy(() -> stacks.push(id, JSON.numberNode(4))).isInstanceOfSatisfying(Refusal.class,
                e -> {
                    assertThat(Failure.of(e.reason()).status().value()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("full");
                });
        assertThat(stacks.size(id)).isEqualTo(MAX_ITEMS);
        assertThat(stacks.peek(id)).isEqualTo(JSON.numberNode(3));
    }

    /** A limit in a detail is ASCII digits whatever the server's locale, as a client reads it. */
    @Test
    void theLimitInARefusal_isWrittenInAsciiDigits_inAnyLocale() {
        String id = stacks.create(items(1, 2, 3));

        assertThat(DefaultLocale.under(DefaultLocale.PERSIAN, () -> catchThrowable(() -> stacks.push(id,
                JSON.numberNode(4)))).getMessage()).contains("maximum of 3 items");
        assertThat(DefaultLocale.under(DefaultLocale.PERSIAN, () -> catchThrowable(() -> stacks.create(
                items(1, 2, 3, 4)))).getMessage()).contains("at most 3 items");
    }

    @Test
    void push_afterAPopFromAFullStack_isAcceptedAgain() {
        String id = stacks.create(items(1, 2, 3));

        stacks.pop(id);
        stacks.push(id, JSON.numberNode(9));

        assertThat(stacks.size(id)).isEqualTo(MAX_ITEMS);
        assertThat(stacks.pop(id)).isEqualTo(JSON.numberNode(9));
    }

    @Test
    void create_withMoreItemsThanTheLimit_isInvalid_andStartsNothing() {
        assertThatThrownBy(() -> stacks.create(items(1, 2, 3, 4))).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(Failure.of(e.reason()).status().value()).isEqualTo(400));
        assertThat(stacks.ids(null).keys()).isEmpty();
    }

    @Test
    void pushesUpToTheLimit_allArrive() {
        String id = stacks.create(List.of());
        for (int i = 1; i <= MAX_ITEMS; i++) {
            stacks.push(id, JSON.numberNode(i));
        }

        assertThat(stacks.size(id)).isEqualTo(MAX_ITEMS);
        assertThat(stacks.pop(id)).isEqualTo(JSON.numberNode(MAX_ITEMS));
    }

    private static List<JsonNode> items(int... values) {
        return Arrays.stream(values).mapToObj(v -> (JsonNode) JSON.numberNode(v)).toList();
    }
}
