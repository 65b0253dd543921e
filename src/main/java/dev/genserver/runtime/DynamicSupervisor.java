package dev.genserver.runtime;

import java.util.Objects;

/**
 * The client API of a dynamic supervisor ({@code DynamicSupervisor.start_child/2} and friends): the parent of
 * processes started on demand, such as one stack per client.
 *
 * <pre>{@code
 * DynamicSupervisor.start_child(Stacks,              Pid stack = stacks.startChild(
 *   {Stack, [1, 2, 3]})                                  ChildSpec.temporary("stack", () -> new StackServer(items)));
 * }</pre>
 *
 * <p>Thread-safe: every method is a call to the supervisor process.
 */
public final class DynamicSupervisor {

    private final Pid pid;

    private DynamicSupervisor(Pid pid) {
        this.pid = pid;
    }

    public static DynamicSupervisor start(ProcessRuntime runtime, DynamicSupervisorSpec spec, StartOptions options) {
        return new DynamicSupervisor(runtime.start(new DynamicSupervisorServer(Objects.requireNonNull(spec)),
                serverOptions(options)));
    }

    /** A child spec that starts a dynamic supervisor under a {@link Supervisor}. */
    public static ChildSpec childSpec(String id, DynamicSupervisorSpec spec, StartOptions options) {
        return ChildSpec.permanent(id, () -> new DynamicSupervisorServer(spec)).withOptions(serverOptions(options))
                .withShutdown(java.time.Duration.ofSeconds(30));
    }

    /** Wraps a running dynamic supervisor process. */
    public static DynamicSupervisor of(Pid pid) {
        return new DynamicSupervisor(pid);
    }

    public Pid pid() {
        return pid;
    }

    /**
     * Starts a child linked to this supervisor.
     *
     * @throws MaxChildrenException  at the {@code maxChildren} bound
     * @throws InitFailedException   if its {@code init} failed
     * @throws StartIgnoredException if its {@code init} returned ignore
     */
    public Pid startChild(ChildSpec spec) {
        return pid.call(new DynamicSupervisorServer.StartChild(spec));
    }

    /** Stops a child as a supervisor does ({@code terminate} runs); false if it was not a child. */
    public boolean terminateChild(Pid child) {
        return pid.call(new DynamicSupervisorServer.TerminateChild(child));
    }

    public int countChildren() {
        return pid.call(new DynamicSupervisorServer.CountChildren());
    }

    public SupervisorStats stats() {
        return pid.call(new DynamicSupervisorServer.Stats());
    }

    private static StartOptions serverOptions(StartOptions options) {
        return options.withTrapExits(true)
                .withService(options.service().isEmpty() ? "supervisor" : options.service());
    }
}
