package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Stop;
import dev.genserver.testing.IdleTimeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class StackServerTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProcessRuntime runtime = ProcessRuntime.create();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void seedSession_pushPeekPopPopSize_answersAsTheSeedsComments() {
        Pid stack = runtime.start(new StackServer(items(1, 2, 3)));

        stack.cast(new StackServer.Push(JSON.numberNode(4)));

        assertThat(stack.call(new StackServer.Peek())).contains(JSON.numberNode(4));
        assertThat(stack.call(new StackServer.Pop())).contains(JSON.numberNode(4));
        assertThat(stack.call(new StackServer.Pop())).contains(JSON.numberNode(3));
        assertThat(stack.call(new StackServer.Size())).isEqualTo(2);
    }

    @Test
    void initialItems_areBottomToTop() {
        Pid stack = runtime.start(new StackServer(items(1, 2, 3)));

        assertThat(List.of(pop(stack), pop(stack), pop(stack))).containsExactly(
                JSON.numberNode(3), JSON.numberNode(2), JSON.numberNode(1));
    }

    @Test
    void pop_onEmptyStack_answersEmptyAndKeepsTheProcessAlive() {
        Pid stack = runtime.start(new StackServer(List.of()));

        assertThat(stack.call(new StackServer.Pop())).isEmpty();
        assertThat(stack.call(new StackServer.Peek())).isEmpty();
        assertThat(stack.isAlive()).isTrue();
        assertThat(stack.call(new StackServer.Size())).isZero();
    }

    @Test
    void peek_leavesTheItemInPlace() {
        Pid stack = runtime.start(new StackServer(items(7)));

        assertThat(stack.call(new StackServer.Peek())).contains(JSON.numberNode(7));
        assertThat(stack.call(new StackServer.Peek())).contains(JSON.numberNode(7));
        assertThat(stack.call(new StackServer.Size())).isEqualTo(1);
    }

    @Test
    void pushedItems_ofAnyJsonKind_comeBackLastInFirstOut() {
        Pid stack = runtime.start(new StackServer(List.of()));
        JsonNode object = JSON.objectNode().put("a", "b");
        JsonNode text = JSON.stringNode("x");

        stack.cast(new StackServer.Push(object));
        stack.cast(new StackServer.Push(text));

        assertThat(stack.call(new StackServer.Pop())).contains(text);
        assertThat(stack.call(new StackServer.Pop())).contains(object);
    }

    @Test
    void restart_beginsFromTheInitialItems_notFromAnEarlierRunsState() {
        List<JsonNode> initial = new java.util.ArrayList<>(items(1));
        StackServer server = new StackServer(initial);
        initial.add(JSON.numberNode(2)); // the caller's list is copied, not shared

        Pid first = runtime.start(server);
        first.cast(new StackServer.Push(JSON.numberNode(9)));
        assertThat(first.call(new StackServer.Size())).isEqualTo(2);

        Pid second = runtime.start(server);
        assertThat(second.call(new StackServer.Size())).isEqualTo(1);
    }

    private static JsonNode pop(Pid stack) {
        return stack.call(new StackServer.Pop()).orElseThrow();
    }

    private static List<JsonNode> items(int... values) {
        return java.util.Arrays.stream(values).mapToObj(v -> (JsonNode) JSON.numberNode(v)).toList();
    }

    /** With an idle timeout, every result carries it (a stray info too), and the timeout stops the stack normally. */
    @Test
    void withAnIdleTimeout_everyResultCarriesIt_andTheTimeoutStopsTheStackNormally() {
        Next idle = Next.timeout(Duration.ofMinutes(1));
        StackServer server = new StackServer(items(1), idle);
        ArrayDeque<JsonNode> stack = new ArrayDeque<>(items(1, 2));

        assertThat(List.of(IdleTimeouts.nextOf(server.init()),
                IdleTimeouts.nextOf(server.handleCall(new StackServer.Peek(), null, stack)),
                IdleTimeouts.nextOf(server.handleCall(new StackServer.Size(), null, stack)),
                IdleTimeouts.nextOf(server.handleCall(new StackServer.Pop(), null, stack)),
                IdleTimeouts.nextOf(server.handleCast(new StackServer.Push(JsonNodeFactory.instance.numberNode(3)),
                        stack)),
                IdleTimeouts.nextOf(server.handleInfo("stray", stack)))).containsOnly(idle);
        assertThat(server.handleInfo(IdleTimeout.INSTANCE, stack)).isInstanceOfSatisfying(Stop.class,
                stop -> assertThat(stop.reason()).isEqualTo(ExitReason.NORMAL));
    }
}
