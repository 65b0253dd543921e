package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.Refusal;
import dev.genserver.app.TimedOutCalls;
import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class StacksTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How each process exited: SHUTDOWN after a delete means terminate ran (only a kill skips it). */
    private final Map<Pid, ExitReason> exits = new ConcurrentHashMap<>();
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults()
            .withListener(new RuntimeListener() {
                @Override
                public void processExited(Pid pid, ExitReason reason) {
                    exits.put(pid, reason);
                }
            }));
    private final Registry registry = Registry.create("stacks");
    private final Stacks stacks = stacks(10, registry);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void create_thenSeedSession_followsTheSeed() {
        String id = stacks.create(List.of(JSON.numberNode(1), JSON.numberNode(2), JSON.numberNode(3)));

        stacks.push(id, JSON.numberNode(4));

        assertThat(stacks.peek(id)).isEqualTo(JSON.numberNode(4));
        assertThat(stacks.pop(id)).isEqualTo(JSON.numberNode(4));
        assertThat(stacks.pop(id)).isEqualTo(JSON.numberNode(3));
        assertThat(stacks.size(id)).isEqualTo(2);
    }

    @Test
    void ids_are22UrlSafeCharactersAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ids.add(stacks.create(List.of()));
        }

        assertThat(ids).hasSize(10).allMatch(id -> id.matches("[A-Za-z0-9_-]{22}"));
        assertThat(stacks.ids(null).keys()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void pop_onEmptyStack_isConflictEmpty() {
        String id = stacks.create(List.of());

        assertThatThrownBy(() -> stacks.pop(id)).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.error()).isEqualTo("empty"));
        assertThatThrownBy(() -> stacks.peek(id)).isInstanceOf(Refusal.class);
    }

    @Test
    void delete_stopsTheProcessWithTerminate_andForgetsTheId() {
        String id = stacks.create(List.of(JSON.numberNode(1)));
        Pid pid = registry.whereis(id).orElseThrow();

        stacks.delete(id);

        assertThat(pid.isAlive()).isFalse();
        assertThat(exits.get(pid).kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
        assertThat(stacks.ids(null).keys()).doesNotContain(id);
        assertThatThrownBy(() -> stacks.size(id)).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.pop(id)).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.push(id, JSON.numberNode(2))).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.delete(id)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void everyOperation_onUnknownId_isNoproc() {
        assertThatThrownBy(() -> stacks.push("nope", JSON.numberNode(1))).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.peek("nope")).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.size("nope")).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> stacks.delete("nope")).isInstanceOf(NoProcessException.class);
    }

    @Test
    void create_beyondMaxCount_isMaxChildren_untilOneIsDeleted() {
        Stacks small = stacks(2, Registry.create("small"));
        String first = small.create(List.of());
        small.create(List.of());

        assertThatThrownBy(() -> small.create(List.of())).isInstanceOf(MaxChildrenException.class);

        small.delete(first);
        assertThat(small.create(List.of())).isNotBlank();
    }

    @Test
    void stacks_areIndependent() {
        String a = stacks.create(List.of(JSON.numberNode(1)));
        String b = stacks.create(List.of());

        stacks.push(b, JSON.stringNode("b"));

        assertThat(stacks.size(a)).isEqualTo(1);
        assertThat(stacks.pop(b)).isEqualTo(JSON.stringNode("b"));
        assertThat(stacks.pop(a)).isEqualTo(JSON.numberNode(1));
    }

    private Stacks stacks(int maxCount, Registry names) {
        DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                DynamicSupervisorSpec.withMaxChildren(maxCount), StartOptions.DEFAULTS);
        return new Stacks(new RegisteredProcesses(supervisor, names, "stacks", () -> new StackServer(List.of()),
                new TimedOutCalls(Clock.systemUTC())), StackProperties.DEFAULT_MAX_ITEMS);
    }

}
