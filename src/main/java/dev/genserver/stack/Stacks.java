package dev.genserver.stack;

import dev.genserver.app.RandomIds;
import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import dev.genserver.web.ApiException;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The stacks' client API ({@code Stack.start_link/1}, {@code push/2}, {@code pop/1}, {@code peek/1},
 * {@code size/1}). Each stack is a temporary child of the {@code stacks} dynamic supervisor, registered in this
 * bean's own {@link Registry} under its random id ({@code {:via, Registry, {Stacks, id}}}): the registry is the
 * id-to-pid map, and an exited stack leaves it by itself.
 *
 * <p>Every operation on an unknown or deleted id throws {@link NoProcessException} (404 {@code noproc}); the
 * id is looked up before a push is sent, so a cast to nowhere is refused rather than dropped. The exceptions
 * never name the id: ids are capabilities and must not end up in logs.
 *
 * <p>Thread-safe: every method is a message to a stack process or to the supervisor.
 */
@Component
public class Stacks {

    /** {@link #ids()} returns at most this many ids, so listing stays cheap whatever the number of stacks. */
    public static final int LIST_LIMIT = 1000;

    private final DynamicSupervisor supervisor;
    private final Registry registry;
    private final int maxItems;

    @Autowired
    Stacks(ProcessTree tree, StackProperties properties) {
        this(tree.startDynamicSupervisor("stacks", DynamicSupervisorSpec.withMaxChildren(properties.maxCount())),
                Registry.create("stacks"), properties.maxItems());
    }

    /** For tests: stacks under a given supervisor, registered in a given registry. */
    Stacks(DynamicSupervisor supervisor, Registry registry) {
        this(supervisor, registry, StackProperties.DEFAULT_MAX_ITEMS);
    }

    /** For tests: as above, holding at most {@code maxItems} items each. */
    Stacks(DynamicSupervisor supervisor, Registry registry, int maxItems) {
        this.supervisor = supervisor;
        this.registry = registry;
        this.maxItems = maxItems;
    }

    /**
     * Starts a stack holding {@code items}, bottom to top, and returns its new id.
     *
     * @throws NullPointerException if {@code items} or one of them is null
     * @throws ApiException 400 {@code invalid_request} for more than {@code genserver.stacks.max-items} items
     * @throws dev.genserver.runtime.MaxChildrenException when {@code genserver.stacks.max-count} stacks exist
     */
    public String create(List<JsonNode> items) {
        if (items.size() > maxItems) {
            throw ApiException.invalid("a stack holds at most " + maxItems + " items");
        }
        List<JsonNode> initial = List.copyOf(items);
        String id = RandomIds.next();
        supervisor.startChild(ChildSpec.temporary("stack", () -> new StackServer(initial))
                .withOptions(StartOptions.named(Name.via(registry, id)).withService("stack")));
        return id;
    }

    /**
     * Pushes {@code item} on top (a cast): returns once the message is queued.
     *
     * <p>The size is checked first with a call, because a cast cannot be answered with a refusal and refusing it
     * later, inside the process, would drop a push its client was told was accepted. Pushes racing past the check
     * together may overshoot {@code max-items} by their number, which the mailbox bound caps: a stack never holds
     * more than {@code max-items + mailbox-capacity} items, and no accepted push is ever dropped.
     *
     * @throws ApiException 409 {@code full} when the stack holds {@code genserver.stacks.max-items} items
     */
    public void push(String id, JsonNode item) {
        Objects.requireNonNull(item, "item");
        Pid pid = pid(id);
        if (call(pid, new StackServer.Size()) >= maxItems) {
            throw new ApiException(HttpStatus.CONFLICT, "full", "the stack holds its maximum of " + maxItems
                    + " items");
        }
        pid.cast(new StackServer.Push(item));
    }

    /**
     * Removes and returns the top item (a call).
     *
     * @throws ApiException 409 {@code empty} if the stack is empty
     */
    public JsonNode pop(String id) {
        return call(id, new StackServer.Pop()).orElseThrow(Stacks::empty);
    }

    /**
     * The top item, left in place (a call).
     *
     * @throws ApiException 409 {@code empty} if the stack is empty
     */
    public JsonNode peek(String id) {
        return call(id, new StackServer.Peek()).orElseThrow(Stacks::empty);
    }

    /** How many items the stack holds (a call). */
    public int size(String id) {
        return call(id, new StackServer.Size());
    }

    /**
     * Stops the stack as its supervisor would ({@code DynamicSupervisor.terminate_child/2}: {@code terminate}
     * runs); its id is gone once this returns.
     */
    public void delete(String id) {
        if (!supervisor.terminateChild(pid(id))) {
            throw noproc(); // another request deleted it first
        }
    }

    /** Ids of living stacks, at most {@link #LIST_LIMIT}, in no particular order. */
    public List<String> ids() {
        return registry.keys().stream().limit(LIST_LIMIT).map(String.class::cast).toList();
    }

    private Pid pid(String id) {
        return registry.whereis(id).orElseThrow(Stacks::noproc);
    }

    /**
     * A call queued behind a delete finds the process gone with reason {@code shutdown}; to the client that is
     * the same as arriving after the delete, so it is answered as {@code noproc}, not as a crash.
     */
    private <R> R call(String id, Call<R> request) {
        return call(pid(id), request);
    }

    private static <R> R call(Pid pid, Call<R> request) {
        try {
            return pid.call(request);
        } catch (ProcessExitException exit) {
            if (exit.reason().kind() == ExitReason.Kind.SHUTDOWN) {
                throw noproc();
            }
            throw exit;
        }
    }

    private static NoProcessException noproc() {
        return new NoProcessException("stack");
    }

    private static ApiException empty() {
        return new ApiException(HttpStatus.CONFLICT, "empty", "the stack is empty");
    }
}
