package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.web.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * {@code /actuator/processes}: the process list, one process with its state, and actions on one process (kill,
 * suspend, resume) — the Erlang observer and the seed's {@code :sys} module over HTTP. Every answer is bounded: a
 * page holds at most {@link PageParameters#MAX_LIMIT} processes and a state at most {@link BoundedJson#MAX_NODES}
 * JSON nodes. Errors are problem+json like the rest of the API (the web package's advice handles actuator
 * operations too): 400 {@code invalid_request} / {@code invalid_key}, 403 {@code forbidden}, 404 {@code noproc},
 * 504 {@code timeout}. The actions are refused (403) unless {@link ObservabilityProperties#allowKill}.
 *
 * <p>Thread-safe.
 */
@Component
@Endpoint(id = ProcessesEndpoint.ID)
class ProcessesEndpoint {

    static final String ID = "processes";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessesEndpoint.class);

    private final ProcessRuntime runtime;
    private final ObservabilityProperties properties;
    private final ProcessLookup lookup;
    private final ProcessStates states;
    private final ObjectProvider<Members> members;

    ProcessesEndpoint(ProcessTree tree, ObservabilityProperties properties, ProcessStates states,
            ObjectProvider<Members> members) {
        this.members = members;
        this.runtime = tree.runtime();
        this.properties = properties;
        this.lookup = new ProcessLookup(tree);
        this.states = states;
    }

    /** {@code GET /actuator/processes?limit=&after=}: processes with ids above {@code after}, in start order. */
    @ReadOperation
    public ProcessPage processes(@Nullable String limit, @Nullable String after) {
        int size = PageParameters.limit(limit);
        long afterId = PageParameters.after(after);
        List<ProcessInfo> infos = runtime.processes(afterId, size + 1);
        List<ProcessView> page = infos.stream().limit(size).map(this::view).toList();
        Long next = infos.size() > size ? page.getLast().id() : null;
        return new ProcessPage(page, runtime.count(), next, member());
    }

    /** In cluster mode, the member the listed processes run on (all of them: each instance lists its own). */
    private @Nullable String member() {
        Members cluster = members.getIfAvailable();
        return cluster == null ? null : cluster.self();
    }

    /** {@code GET /actuator/processes/{idOrName}}: the list's fields and the state. */
    @ReadOperation
    public ProcessDetail process(@Selector String idOrName) {
        Pid pid = lookup.require(fromThePath("idOrName", idOrName));
        ProcessView view = view(runtime.info(pid));
        ProcessStates.Rendered state = states.read(pid);
        return new ProcessDetail(view, state.state(), state.error());
    }

    /**
     * {@code DELETE /actuator/processes/{idOrName}}: {@code Process.exit(pid, :kill)}; the supervisor then acts as
     * the child's restart type says. Returns once the supervisor has handled the exit, when the process was idle
     * (a busy one dies when its handler yields). {@code ?startedAt=} as {@link #act} takes it.
     */
    @DeleteOperation
    public void kill(@Selector String idOrName) {
        requireActionsAllowed();
        Instant expected = ActionConditions.startedAt();
        Pid pid = lookup.require(fromThePath("idOrName", idOrName));
        ProcessInfo info = runtime.info(pid);
        ActionConditions.require(info, expected, "kill");
        String supervisor = info.supervisor();
        LOG.warn("killing process {} ({}) on request of the processes endpoint", pid.id(), ProcessNames.label(pid));
        runtime.kill(pid);
        if (!pid.isAlive() && supervisor != null) {
            lookup.find(supervisor).ifPresent(this::awaitQueuedMessages);
        }
    }

    /**
     * {@code POST /actuator/processes/{idOrName}/suspend} and {@code .../resume}: {@code :sys.suspend} and
     * {@code :sys.resume}. A suspended process queues what it is sent and handles none of it (its callers time
     * out) until resumed, while this endpoint still reads its state; its supervisor can still stop it. 204 once
     * the process has handled the request, which comes after the messages already queued: 504 {@code timeout}
     * if that takes longer than {@link ObservabilityProperties#statusTimeout} (the request stays queued, and takes
     * effect if the process lives to handle it), 404 {@code noproc} if the process ends before it takes the
     * request. Any other action is a path that leads nowhere: 404 {@code unknown_endpoint}. Void, as the kill is:
     * Actuator then declares no representation, so no Accept header refuses an action that answers no body.
     *
     * <p>{@code ?startedAt=} (an instant, as the process's {@code startedAt} reads) makes the action conditional: 412
     * {@code precondition_failed} and nothing done unless the process started then. A pid names one process of one
     * instance run; after a restart the same number names another, which an action meant for the one on screen
     * (the observer's) must not reach.
     */
    @WriteOperation
    public void act(@Selector String idOrName, @Selector String action) {
        fromThePath("idOrName", idOrName);
        fromThePath("action", action);
        boolean suspend = action.equals("suspend");
        if (!suspend && !action.equals("resume")) {
            throw Failure.UNKNOWN_ENDPOINT.exception(Failure.UNKNOWN_ENDPOINT.detail());
        }
        requireActionsAllowed();
        Instant expected = ActionConditions.startedAt();
        Pid pid = lookup.require(idOrName);
        ActionConditions.require(runtime.info(pid), expected, action);
        try {
            if (suspend) {
                LOG.warn("suspending process {} ({}) on request of the processes endpoint", pid.id(),
                        ProcessNames.label(pid));
                runtime.suspend(pid, properties.statusTimeout());
            } else {
                LOG.info("resuming process {} ({}) on request of the processes endpoint", pid.id(),
                        ProcessNames.label(pid));
                runtime.resume(pid, properties.statusTimeout());
            }
        } catch (ProcessExitException exited) {
            // It ended before it took the request (sys.erl's caller exits with its reason): whatever the reason,
            // the process asked for is gone, and the request had no part in its end.
            throw new NoProcessException("process");
        }
    }

    /**
     * {@code value}, the selector {@code name} as the path gives it. Actuator builds an operation's arguments from
     * the path, then a JSON body, then the query, each overwriting the last: {@code /processes/1?idOrName=counter}
     * read the counter, and {@code .../cache/resume?action=suspend} suspended the cache, whatever the path (and a
     * proxy's rule, or the access log) said. The path's own value is its template variable; a query parameter of
     * the name is refused whatever its value, as it would hide a body's.
     */
    private static String fromThePath(String name, String value) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
                        instanceof Map<?, ?> path
                && (!value.equals(path.get(name)) || attributes.getRequest().getParameterMap().containsKey(name))) {
            // a parameter of the name at all: it overwrites the body, so the value alone may hide a body's
            throw Failure.INVALID_REQUEST.exception(name + " is given by the path only, not by a parameter or body");
        }
        return value;
    }

    private void requireActionsAllowed() {
        if (!properties.allowKill()) {
            throw Failure.FORBIDDEN.exception("actions on processes (kill, suspend, resume) "
                    + "are disabled; set " + ObservabilityProperties.ALLOW_KILL + "=true to allow them");
        }
    }

    private ProcessView view(ProcessInfo info) {
        return ProcessView.of(info);
    }

    /** A status read is handled after the messages already queued, the exit signal among them. */
    private void awaitQueuedMessages(Pid supervisor) {
        try {
            runtime.status(supervisor, properties.statusTimeout());
        } catch (GenServerException slowOrGone) {
            // The kill itself is done; a supervisor that is busy or has given up only means no wait.
        }
    }
}
