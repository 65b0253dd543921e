package dev.genserver.stack;

import static dev.genserver.app.Refusal.Reason.EMPTY;
import static dev.genserver.app.Refusal.Reason.FULL;
import static dev.genserver.app.Refusal.Reason.INVALID_REQUEST;

import dev.genserver.app.Refusal;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.Listing;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Next;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The stacks' client API ({@code Stack.start_link/1}, {@code push/2}, {@code pop/1}, {@code peek/1},
 * {@code size/1}): one process per stack, under a random id ({@code {:via, Registry, {Stacks, id}}}). Every
 * operation on an unknown or deleted id, a push too, is {@code noproc} (see {@link KeyedProcesses}).
 */
@Component
public class Stacks {

    /** The refusals at {@code max-items}, of it: a create's, and a push's. */
    static final String TOO_MANY_ITEMS = "a stack holds at most %d items";
    static final String FULL_STACK = "the stack holds its maximum of %d items";

    private final KeyedProcesses stacks;
    private final int maxItems;
    private final Next idle;

    @Autowired
    Stacks(ProcessDirectory directory, StackProperties properties) {
        this.idle = Next.timeoutOrNone(properties.idleTimeout());
        this.maxItems = properties.maxItems();
        this.stacks = directory.keyed("stacks", "stacks", "stacks", properties.maxCount(), properties.idleTimeout(),
                () -> new StackServer(List.of(), idle));
    }

    /** For tests: the given stacks, holding at most {@code maxItems} items each. */
    Stacks(KeyedProcesses stacks, int maxItems) {
        this.stacks = stacks;
        this.maxItems = maxItems;
        this.idle = Next.NONE;
    }

    /**
     * Starts a stack holding {@code items}, bottom to top; returns its new id. Refused {@code invalid_request}
     * beyond {@code max-items}; {@code max_children} at {@code max-count} stacks.
     */
    public String create(List<JsonNode> items) {
        if (items.size() > maxItems) {
            throw new Refusal(INVALID_REQUEST, String.format(Locale.ROOT, TOO_MANY_ITEMS, maxItems));
        }
        List<JsonNode> initial = List.copyOf(items);
        return stacks.create(() -> new StackServer(initial, idle));
    }

    /**
     * Pushes {@code item} (a cast), or refuses {@code full} at {@code max-items}. The size is asked first with a
     * call because a cast cannot be answered with a refusal, and refusing it later would drop a push its client
     * was told was accepted. Pushes racing past the check may pass {@code max-items} by their number (each is a
     * request in flight, so their number is bounded by the requests served at once); no accepted push is dropped.
     */
    public void push(String id, JsonNode item) {
        Objects.requireNonNull(item, "item");
        if (size(id) >= maxItems) {
            throw new Refusal(FULL, String.format(Locale.ROOT, FULL_STACK, maxItems));
        }
        stacks.cast(id, new StackServer.Push(item));
    }

    /** The most items a stack holds ({@code max-items}). */
    int maxItems() {
        return maxItems;
    }

    /** Removes and returns the top item (a call); {@code empty} if there is none. */
    public JsonNode pop(String id) {
        return stacks.call(id, new StackServer.Pop()).orElseThrow(Stacks::empty);
    }

    /** The top item, left in place (a call); {@code empty} if there is none. */
    public JsonNode peek(String id) {
        return stacks.call(id, new StackServer.Peek()).orElseThrow(Stacks::empty);
    }

    /** How many items the stack holds (a call). */
    public int size(String id) {
        return stacks.call(id, new StackServer.Size());
    }

    /** Stops the stack as its supervisor does ({@code terminate_child}); its id is gone once this returns. */
    public void delete(String id) {
        stacks.stop(id);
    }

    /** Ids of living stacks, sorted, one page of them: those after {@code after} (null: from the first). */
    public Listing ids(String after) {
        return Listing.of(stacks, after);
    }

    private static Refusal empty() {
        return new Refusal(EMPTY, "the stack is empty");
    }
}
