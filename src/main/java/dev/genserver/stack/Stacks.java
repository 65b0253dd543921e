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

    @Autowired
    Stacks(ProcessTree tree, StackProperties properties) {
        this(tree.startDynamicSupervisor("stacks", DynamicSupervisorSpec.withMaxChildren(properties.maxCount())),
                Registry.create("stacks"));
    }

    /** For tests: stacks under a given supervisor, registered in a given registry. */
    Stacks(DynamicSupervisor supervisor, Registry registry) {
        this.supervisor = supervisor;
        this.registry = registry;
    }

    /**
     * Starts a stack holding {@code items}, bottom to top, and returns its new id.
     *
     * @throws NullPointerException if {@code items} or one of them is null
     * @throws dev.genserver.runtime.MaxChildrenException when {@code genserver.stacks.max-count} stacks exist
     */
    public String create(List<JsonNode> items) {
        List<JsonNode> initial = List.copyOf(items);
        String id = RandomIds.next();
        supervisor.startChild(ChildSpec.temporary("stack", () -> new StackServer(initial))
                .withOptions(StartOptions.named(Name.via(registry, id)).withService("stack")));
        return id;
    }

    /** Pushes {@code item} on top (a cast): returns once the message is queued. */
    public void push(String id, JsonNode item) {
        Objects.requireNonNull(item, "item");
        pid(id).cast(new StackServer.Push(item));
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
        try {
            return pid(id).call(request);
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
