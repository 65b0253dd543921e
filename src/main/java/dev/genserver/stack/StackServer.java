package dev.genserver.stack;

import java.io.Serializable;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Result;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The seed's {@code Stack}. The state is a deque whose last element is the top, so push, pop and peek are O(1)
 * and the initial list reads bottom to top: {@code [1, 2, 3]} has 3 on top, as the seed's comments say (its
 * Elixir keeps the top at the list head and would pop 1 first; the comments are the contract).
 *
 * <pre>{@code
 * def init(stack) when is_list(stack)            Init.ok(new ArrayDeque<>(items))
 * def handle_call(:pop, _from, [])               pop.reply(Optional.empty(), stack)
 *   -> {:reply, {:error, :empty}, []}
 * def handle_call(:pop, _from, [head | tail])    pop.reply(Optional.of(stack.pollLast()), stack)
 *   -> {:reply, {:ok, head}, tail}
 * def handle_call(:peek, _from, [])              peek.reply(Optional.empty(), stack)
 *   -> {:reply, {:error, :empty}, []}
 * def handle_call(:peek, _from, [head | _] = s)  peek.reply(Optional.of(stack.peekLast()), stack)
 *   -> {:reply, {:ok, head}, s}
 * def handle_call(:size, _from, stack)           size.reply(stack.size(), stack)
 *   -> {:reply, length(stack), stack}
 * def handle_cast({:push, item}, stack)          stack.addLast(item); Result.noreply(stack)
 *   -> {:noreply, [item | stack]}
 * }</pre>
 *
 * With {@code genserver.stacks.idle-timeout} set, every result carries it ({@code {:reply, r, s, @idle}}) and the
 * {@code :timeout} info stops the stack normally, as the rate limiter's buckets stop; unset, a stack lives until it
 * is deleted, as the seed's does.
 *
 * The empty stack is a protocol answer ({@code Optional.empty()}, the seed's {@code {:error, :empty}}), not an
 * exception, so it never crashes the process.
 */
final class StackServer implements GenServer<ArrayDeque<JsonNode>> {

    private static final Logger LOG = LoggerFactory.getLogger(StackServer.class);

    /** {@code :pop}: removes and returns the top item, or empty. */
    record Pop() implements Call<Optional<JsonNode>> { }

    /** {@code :peek}: the top item without removing it, or empty. */
    record Peek() implements Call.Query<Optional<JsonNode>> { }

    /** {@code :size}. */
    record Size() implements Call.Query<Integer> { }

    /** {@code {:push, item}} (a cast). The item is never null: the client API refuses null. */
    record Push(JsonNode item) implements Serializable { }

    private final List<JsonNode> initialItems;
    private final Next idle;

    /** @param initialItems bottom to top; copied, so the caller may reuse its list */
    StackServer(List<JsonNode> initialItems) {
        this(initialItems, Next.NONE);
    }

    /** @param idle the idle timeout every result carries, or {@link Next#NONE} */
    StackServer(List<JsonNode> initialItems, Next idle) {
        this.initialItems = List.copyOf(initialItems);
        this.idle = idle;
    }

    @Override
    public Init<ArrayDeque<JsonNode>> init() {
        return Init.ok(new ArrayDeque<>(initialItems), idle);
    }

    @Override
    public CallResult<ArrayDeque<JsonNode>> handleCall(Call<?> request, From from, ArrayDeque<JsonNode> stack) {
        return switch (request) {
            case Pop pop -> pop.reply(Optional.ofNullable(stack.pollLast()), stack, idle);
            case Peek peek -> peek.reply(Optional.ofNullable(stack.peekLast()), stack, idle);
            case Size size -> size.reply(stack.size(), stack, idle);
            default -> GenServer.super.handleCall(request, from, stack);
        };
    }

    @Override
    public Result<ArrayDeque<JsonNode>> handleCast(Object message, ArrayDeque<JsonNode> stack) {
        return switch (message) {
            case Push push -> {
                stack.addLast(push.item());
                yield Result.noreply(stack, idle);
            }
            default -> GenServer.super.handleCast(message, stack);
        };
    }

    @Override
    public Result<ArrayDeque<JsonNode>> handleInfo(Object message, ArrayDeque<JsonNode> stack) {
        if (message == IdleTimeout.INSTANCE) {
            return Result.stop(ExitReason.NORMAL, stack);
        }
        GenServer.super.handleInfo(message, stack); // logs it; a stray message must not cancel the idle timeout
        return Result.noreply(stack, idle);
    }

    /**
     * Runs when the stack stops itself (its idle timeout); the items are dropped with the process. A delete ends
     * it without {@code terminate}, as a supervisor's shutdown ends an Elixir server that does not trap exits.
     */
    @Override
    public void terminate(ExitReason reason, ArrayDeque<JsonNode> stack) {
        LOG.debug("stack stopped ({}) holding {} items", reason, stack.size());
    }

    /**
     * Introspection shows the size only: items are client data and may be large. The stack's id is not in the
     * state either; it is the capability to use the stack.
     */
    @Override
    public Object formatStatus(ArrayDeque<JsonNode> stack) {
        return Map.of("size", stack.size());
    }
}
