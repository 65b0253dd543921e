package dev.genserver.runtime;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client API of a dynamic supervisor ({@code DynamicSupervisor.start_child/2} and friends): the parent of
 * processes started on demand, such as one stack per client.
 *
 * <pre>{@code
 * DynamicSupervisor.start_child(Stacks,              Pid stack = stacks.startChild(
 *   {Stack, [1, 2, 3]})                                  ChildSpec.temporary("stack", () -> new StackServer(items)));
 * }</pre>
 *
 * <p>Thread-safe: every method is a call to the supervisor process, which waits as long as it takes, as
 * Elixir's {@code DynamicSupervisor.call/2} ({@code :infinity}) does.
 */
public final class DynamicSupervisor {

    private final Supplier<Pid> pid;

    private DynamicSupervisor(Supplier<Pid> pid) {
        this.pid = pid;
    }

    /** Starts a dynamic supervisor with no parent, as {@code DynamicSupervisor.start_link/1} from outside a process. */
    public static DynamicSupervisor start(ProcessRuntime runtime, DynamicSupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(runtime, "runtime");
        return of(runtime.start(new DynamicSupervisorServer(Objects.requireNonNull(spec, "spec")),
                serverOptions(options)));
    }

    /**
     * {@code DynamicSupervisor.start_link/1} from inside a process: linked to this process, its parent, as
     * {@link Supervisor#startLink} is.
     *
     * @throws IllegalStateException outside a process
     */
    public static DynamicSupervisor startLink(DynamicSupervisorSpec spec, StartOptions options) {
        return of(Self.startLink(new DynamicSupervisorServer(Objects.requireNonNull(spec, "spec")),
                serverOptions(options)));
    }

    /**
     * A child spec that starts a dynamic supervisor under a {@link Supervisor}, with a supervisor's infinite
     * shutdown: each of its children is bounded by its own.
     */
    public static ChildSpec childSpec(String id, DynamicSupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(spec, "spec"); // else the first start of the child would fail, not this
        return ChildSpec.supervisor(id, () -> new DynamicSupervisorServer(spec), serverOptions(options));
    }

    /**
     * Wraps one running dynamic supervisor process: if it is restarted, this handle reaches nothing.
     *
     * @throws IllegalArgumentException if {@code pid} is not a dynamic supervisor's process (a call meant for a
     *     supervisor would crash any other)
     */
    public static DynamicSupervisor of(Pid pid) {
        Pid supervisor = checked(Objects.requireNonNull(pid, "pid"));
        return new DynamicSupervisor(() -> supervisor);
    }

    /**
     * A handle that finds the supervisor on every use, typically by its registered name, so that a supervisor
     * restarted by its own supervisor is reached again (a held pid would go stale). A lookup that answers null
     * (nothing holds the name: {@code () -> runtime.whereis("jobs").orElse(null)}) makes each use throw
     * {@link NoProcessException}; one that answers another kind of process, {@link IllegalArgumentException}.
     */
    public static DynamicSupervisor lookedUp(Supplier<Pid> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return new DynamicSupervisor(() -> {
            Pid found = lookup.get();
            if (found == null) {
                throw new NoProcessException("dynamic supervisor (its lookup found no process)");
            }
            return checked(found);
        });
    }

    /**
     * The supervisor's current process.
     *
     * @throws NoProcessException if a {@link #lookedUp} handle's lookup finds none
     */
    public Pid pid() {
        return pid.get();
    }

    /** {@code pid}, checked once for a held pid and on each lookup for a looked-up one. */
    private static Pid checked(Pid pid) {
        if (!ProcessCell.runs(pid, DynamicSupervisorServer.class)) {
            throw new IllegalArgumentException(pid + " is not a dynamic supervisor's process");
        }
        return pid;
    }

    /**
     * {@code DynamicSupervisor.start_child/2}: starts a child linked to this supervisor.
     *
     * @return the child's process, or null if its {@code init} returned ignore: nothing is added, as Elixir answers
     *         {@code :ignore} (and {@link Supervisor#startChild} null)
     * @throws MaxChildrenException at the {@code maxChildren} bound, which counts no child that has exited and will
     *                              not be restarted: its exit is handled then, before its {@code EXIT} arrives (in
     *                              OTP the start would be refused until it came)
     * @throws StartFailedException if its factory threw; the supervisor and its other children carry on
     * @throws InitFailedException  if its {@code init} failed
     * @throws IllegalArgumentException if {@code spec} is significant: a dynamic supervisor has no automatic
     *                                  shutdown, and Elixir's refuses such a child ({@code {:error,
     *                                  {:invalid_significant, true}}} from 1.15 on; 1.14 ignores the key)
     */
    public Pid startChild(ChildSpec spec) {
        Objects.requireNonNull(spec, "spec"); // here, not in the supervisor, which a null would crash
        if (spec.significant()) {
            throw new IllegalArgumentException("child " + spec.id() + " is significant, which a dynamic supervisor"
                    + " refuses: it has no automatic shutdown ({:invalid_significant, true})");
        }
        return call(new DynamicSupervisorServer.StartChild(spec));
    }

    /**
     * {@code DynamicSupervisor.terminate_child/2}: stops a child by its {@link ChildSpec#shutdown()} and forgets
     * it; false if it was not a child.
     */
    public boolean terminateChild(Pid child) {
        return call(new DynamicSupervisorServer.TerminateChild(child));
    }

    /**
     * {@code DynamicSupervisor.count_children/1}: specs (children, running or being restarted), running
     * processes, supervisors and workers.
     */
    public ChildCounts countChildren() {
        return call(new DynamicSupervisorServer.CountChildren());
    }

    /**
     * {@code DynamicSupervisor.which_children/1}: every child, in start order, without an id (Elixir's
     * {@code :undefined}), and without a pid while a failed restart is to be tried again ({@code :restarting}).
     */
    public List<ChildInfo> children() {
        return call(new DynamicSupervisorServer.WhichChildren());
    }

    /** Strategy, children and restarts within the intensity window. */
    public SupervisorStats stats() {
        return call(new DynamicSupervisorServer.Stats());
    }

    private static StartOptions serverOptions(StartOptions options) {
        Objects.requireNonNull(options, "options");
        return options.withTrapExits(true)
                .withService(options.service().isEmpty() ? "supervisor" : options.service());
    }

    /** A call that waits as long as it takes, as Elixir's {@code DynamicSupervisor.call/2} does. */
    private <R> R call(Call<R> request) {
        return pid().call(request, Timeouts.INFINITY);
    }
}
