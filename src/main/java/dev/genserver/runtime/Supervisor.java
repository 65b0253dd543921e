package dev.genserver.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client API of a supervisor process ({@code Supervisor.start_link/2}, {@code which_children/1},
 * {@code start_child/2}).
 *
 * <pre>{@code
 * children = [{Counter, 10}]                        var spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
 * Supervisor.start_link(children,                       .withChild(ChildSpec.permanent("counter", () -> new CounterServer(10)));
 *   strategy: :one_for_one)                         Supervisor root = Supervisor.start(runtime, spec, StartOptions.DEFAULTS);
 * }</pre>
 *
 * <p>When a child exceeds the restart intensity the supervisor stops its children and exits with
 * {@code {:shutdown, reached_max_restart_intensity}}; its own supervisor, if any, then decides (escalation).
 * Thread-safe: every method is a call to the supervisor process.
 */
public final class Supervisor {

    private final Pid pid;

    private Supervisor(Pid pid) {
        this.pid = pid;
    }

    /**
     * Starts the supervisor and its children in order; returns once all are running.
     *
     * @throws InitFailedException if a child failed to start (those already started are stopped again)
     */
    public static Supervisor start(ProcessRuntime runtime, SupervisorSpec spec, StartOptions options) {
        Objects.requireNonNull(spec, "spec");
        StartOptions supervisorOptions = options.withTrapExits(true)
                .withService(options.service().isEmpty() ? "supervisor" : options.service());
        return new Supervisor(runtime.start(new SupervisorServer(spec), supervisorOptions));
    }

    /**
     * A child spec that starts a supervisor under another one (supervision trees). Its shutdown is infinity, as
     * OTP's default for a supervisor child: it is given the time its own children take to stop.
     */
    public static ChildSpec childSpec(String id, SupervisorSpec spec, StartOptions options) {
        StartOptions supervisorOptions = options.withTrapExits(true)
                .withService(options.service().isEmpty() ? "supervisor" : options.service());
        return ChildSpec.permanent(id, () -> new SupervisorServer(spec)).withOptions(supervisorOptions)
                .withShutdown(Shutdown.infinity());
    }

    /** Wraps a running supervisor process (for example one started by {@link #childSpec}). */
    public static Supervisor of(Pid pid) {
        return new Supervisor(pid);
    }

    public Pid pid() {
        return pid;
    }

    /** {@code Supervisor.start_child/2}: adds and starts a child. */
    public Pid startChild(ChildSpec spec) {
        return pid.call(new SupervisorServer.StartChild(spec));
    }

    /** {@code Supervisor.which_children/1}, in start order. */
    public List<ChildInfo> children() {
        return pid.call(new SupervisorServer.WhichChildren());
    }

    /** The running process of the child with this id. */
    public Optional<Pid> child(String id) {
        return children().stream().filter(child -> child.id().equals(id) && child.pid() != null)
                .map(ChildInfo::pid).findFirst();
    }

    /** Strategy, children and restarts within the intensity window. */
    public SupervisorStats stats() {
        return pid.call(new SupervisorServer.Stats());
    }
}
