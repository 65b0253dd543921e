package dev.genserver.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client API of a supervisor process ({@code Supervisor.start_link/2}, {@code start_child/2},
 * {@code terminate_child/2}, {@code restart_child/2}, {@code delete_child/2}, {@code which_children/1},
 * {@code count_children/1}).
 *
 * <pre>{@code
 * children = [{Counter, 10}]                        var spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
 * Supervisor.start_link(children,                       .withChild(ChildSpec.permanent("counter", () -> new CounterServer(10)));
 *   strategy: :one_for_one)                         Supervisor root = Supervisor.start(runtime, spec, StartOptions.DEFAULTS);
 * }</pre>
 *
 * <p>When a child exceeds the restart intensity the supervisor logs {@code reached_max_restart_intensity}, stops
 * its children and exits with {@code :shutdown}, as OTP's does; its own supervisor, if any, then decides
 * (escalation). A supervisor with an {@link AutoShutdown} other than {@code NEVER} ends the same way, without a
 * report, when its significant children exit ({@link SupervisorSpec#withAutoShutdown}).
 * Thread-safe: every method is a call to the supervisor process, which waits as long as it takes, as OTP's
 * {@code supervisor:call/2} ({@code gen_server:call(Sup, Req, infinity)}): a start or a terminate is bounded by the
 * child's own start timeout and shutdown, not by the caller's call timeout.
 */
public final class Supervisor {

    private final Pid pid;

    private Supervisor(Pid pid) {
        this.pid = pid;
    }

    /**
     * Starts the supervisor and its children in order, with no parent (an application's root, as
     * {@code Supervisor.start_link/2} called from outside any process); returns once all are running.
     *
     * @throws InitFailedException if a child failed to start (those already started are stopped again)
     */
    public static Supervisor start(ProcessRuntime runtime, SupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(spec, "spec");
        return new Supervisor(runtime.start(new SupervisorServer(spec), serverOptions(options)));
    }

    /**
     * {@code Supervisor.start_link/2} from inside a process: starts the supervisor linked to this process, its
     * parent, as {@link Self#startLink} starts any process. It stops its children and exits with the parent's
     * reason when the parent exits; a parent that does not trap exits dies of its abnormal exit (giving up is
     * {@code :shutdown}), one that traps exits gets an {@link Exit}. A failed start throws as {@link #start}
     * does, with {@link Self#startLink}'s rule for the exit: a parent that traps exits gets none, one that does
     * not dies of it first.
     *
     * @throws IllegalStateException outside a process
     */
    public static Supervisor startLink(SupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(spec, "spec");
        return new Supervisor(Self.startLink(new SupervisorServer(spec), serverOptions(options)));
    }

    private static StartOptions serverOptions(StartOptions options) {
        Objects.requireNonNull(options, "options");
        return options.withTrapExits(true).withService(options.service().isEmpty() ? "supervisor" : options.service());
    }

    /**
     * A child spec that starts a supervisor under another one (supervision trees). Its shutdown is infinity, as
     * OTP's default for a supervisor child: it is given the time its own children take to stop. It is permanent;
     * made transient and significant, a nested supervisor's automatic shutdown can end the one above too.
     */
    public static ChildSpec childSpec(String id, SupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(spec, "spec"); // else the first start of the child would fail, not this
        return ChildSpec.supervisor(id, () -> new SupervisorServer(spec), serverOptions(options));
    }

    /**
     * Wraps a running supervisor process (for example one started by {@link #childSpec}).
     *
     * @throws IllegalArgumentException if {@code pid} is not a supervisor's process (a call meant for a supervisor
     *     would crash any other)
     */
    public static Supervisor of(Pid pid) {
        if (!ProcessCell.runs(Objects.requireNonNull(pid, "pid"), SupervisorServer.class)) {
            throw new IllegalArgumentException(pid + " is not a supervisor's process");
        }
        return new Supervisor(pid);
    }

    /** The supervisor's process. */
    public Pid pid() {
        return pid;
    }

    /**
     * {@code Supervisor.start_child/2}: adds and starts a child.
     *
     * @return the child's process, or null if its {@code init} returned ignore (its spec is kept, unless the child
     *         is temporary, as supervisor.erl keeps no temporary child that cannot run)
     * @throws AlreadyStartedException if a child with the same id is running (carrying its process), or the
     *                                  child's name is held by another process, a child or not (carrying that
     *                                  process), as supervisor.erl answers {@code {error, {already_started, Pid}}}
     *                                  today (OTP 25's wraps it: {@code {error, {{already_started, Pid}, Child}}})
     * @throws ChildStateException      {@code already_present}: a child with the same id is kept but not running
     *                                  (terminated, or being restarted); restart or delete it
     * @throws IllegalArgumentException if {@code spec} is significant and either permanent or given to a
     *                                  supervisor whose auto shutdown is {@link AutoShutdown#NEVER}
     *                                  (supervisor.erl's {@code {:error, {:bad_combination, ...}}}); nothing is
     *                                  added
     * @throws StartFailedException     if its factory threw; nothing is added
     * @throws InitFailedException      if its {@code init} failed; nothing is added
     */
    public Pid startChild(ChildSpec spec) {
        Objects.requireNonNull(spec, "spec"); // here, not in the supervisor, which a null would crash
        return call(new SupervisorServer.StartChild(spec));
    }

    /**
     * {@code Supervisor.terminate_child/2}: stops the child's process as the supervisor would (by its
     * {@link ChildSpec#shutdown()}) and keeps its spec, so that {@link #restartChild} can start it again; a
     * temporary child's spec goes with it. The supervisor does not restart a child it terminated.
     *
     * @return false if the supervisor has no child with this id
     */
    public boolean terminateChild(String id) {
        return call(new SupervisorServer.TerminateChild(id));
    }

    /**
     * {@code Supervisor.restart_child/2}: starts again a child whose spec is kept but whose process is not
     * running, such as one stopped by {@link #terminateChild}.
     *
     * @return the new process, or null if its {@code init} returned ignore
     * @throws ChildStateException  {@code not_found}, {@code running} or {@code restarting}
     * @throws StartFailedException if its factory threw
     * @throws InitFailedException  if its {@code init} failed
     */
    public Pid restartChild(String id) {
        return call(new SupervisorServer.RestartChild(id));
    }

    /**
     * {@code Supervisor.delete_child/2}: forgets the spec of a child that is not running.
     *
     * @throws ChildStateException {@code not_found}, {@code running} or {@code restarting}
     */
    public void deleteChild(String id) {
        call(new SupervisorServer.DeleteChild(id));
    }

    /** {@code Supervisor.count_children/1}: specs, running processes, supervisors and workers. */
    public ChildCounts countChildren() {
        return call(new SupervisorServer.CountChildren());
    }

    /**
     * {@code Supervisor.which_children/1}: newest first, the reverse of the start order, as supervisor.erl keeps
     * its children (each started one goes to the head of its list) and lists them.
     */
    public List<ChildInfo> children() {
        return call(new SupervisorServer.WhichChildren());
    }

    /** The running process of the child with this id. */
    public Optional<Pid> child(String id) {
        return children().stream().filter(child -> child.id().equals(id) && child.pid() != null)
                .map(ChildInfo::pid).findFirst();
    }

    /** Strategy, children and restarts within the intensity window. */
    public SupervisorStats stats() {
        return call(new SupervisorServer.Stats());
    }

    /** A call that waits as long as it takes, as OTP's {@code supervisor:call/2} does. */
    private <R> R call(Call<R> request) {
        return pid.call(request, Timeouts.INFINITY);
    }
}
