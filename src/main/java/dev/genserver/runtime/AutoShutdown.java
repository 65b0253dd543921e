package dev.genserver.runtime;

/**
 * Whether a supervisor shuts itself down when its significant children exit ({@code auto_shutdown:}, OTP 24's
 * supervisor flag; see {@link ChildSpec#withSignificant}).
 *
 * <pre>{@code
 * children = [%{id: Job, start: {Job, :start_link, []},   var job = ChildSpec.transientChild("job", Job::new)
 *   restart: :transient, significant: true}]                  .withSignificant(true);
 * Supervisor.init(children, strategy: :one_for_one,       SupervisorSpec.of(Strategy.ONE_FOR_ONE)
 *   auto_shutdown: :any_significant)                          .withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT)
 *                                                             .withChild(job)
 * }</pre>
 *
 * <p>As supervisor.erl's {@code do_auto_shutdown/2}, only a significant child's own exit that the supervisor does not
 * answer with a restart counts: a transient child's {@code normal}, {@code shutdown} or {@code {shutdown, _}}, any
 * exit of a temporary one. A child's exit that is restarted, a child stopped by
 * {@link Supervisor#terminateChild}, or a temporary child stopped for good by a sibling's one_for_all or
 * rest_for_one restart shuts nothing down. The supervisor then stops its other children, newest first, and exits
 * with {@code :shutdown}, as when it gives up at its restart intensity, but with no report of its own (a temporary
 * child's abnormal exit is reported as any child's, {@code child_terminated}); its own supervisor decides what that
 * exit means (a transient significant supervisor child passes the shutdown on up).
 * Elixir's {@code Supervisor.init/2} takes the option from 1.15 on (1.14 drops it; a module's {@code init} returning
 * supervisor.erl's flags map sets it there); a {@code DynamicSupervisor} has none.
 */
public enum AutoShutdown {
    /** {@code :never}, the default: no automatic shutdown, and a significant child is refused. */
    NEVER,
    /** {@code :any_significant}: the supervisor shuts down when any significant child exits so. */
    ANY_SIGNIFICANT,
    /**
     * {@code :all_significant}: the supervisor shuts down when a significant child exits so and none is left
     * running; one terminated by hand is not running, one whose restart failed and is to be tried again is.
     */
    ALL_SIGNIFICANT;

    /**
     * Why a supervisor with this setting refuses {@code child}, in supervisor.erl's {@code validSignificant} order
     * (which it checks at its start, {@code {:start_spec, why}}, and at {@code start_child}, {@code {:error, why}});
     * null if it takes it. Each reason ends with OTP's term in parentheses.
     */
    String refusal(ChildSpec child) {
        if (!child.significant()) {
            return null;
        }
        if (this == NEVER) {
            return "child " + child.id() + " is significant, which a supervisor whose autoShutdown is NEVER refuses"
                    + " ({:bad_combination, [auto_shutdown: :never, significant: true]})";
        }
        if (child.restart() == RestartType.PERMANENT) {
            return "child " + child.id() + " is permanent and significant: a permanent child is always restarted,"
                    + " so it may not be significant ({:bad_combination, [restart: :permanent, significant: true]})";
        }
        return null;
    }

    /**
     * supervisor.erl's {@code do_auto_shutdown/2}: whether a supervisor with this setting shuts down after the exit
     * of {@code exited}, which it did not answer with a restart. {@code significantRunning}: whether any other
     * significant child is still running or is to be restarted.
     */
    boolean shutsDownAfter(ChildSpec exited, boolean significantRunning) {
        return exited.significant() && switch (this) {
            case NEVER -> false;
            case ANY_SIGNIFICANT -> true;
            case ALL_SIGNIFICANT -> !significantRunning;
        };
    }
}
