package dev.genserver.runtime;

/** When a supervisor restarts a child that exited ({@code restart:} in a child spec). */
public enum RestartType {
    /** Always restarted: singletons a service cannot do without. */
    PERMANENT,
    /** Restarted only after an abnormal exit ({@link ExitReason#isAbnormal()}). */
    TRANSIENT,
    /** Never restarted, and its exits do not count toward restart intensity: processes made for one client. */
    TEMPORARY;

    boolean restartsAfter(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> reason.isAbnormal();
            case TEMPORARY -> false;
        };
    }

    /**
     * The {@code child_terminated} report of supervisor.erl's {@code do_restart/3} and dynamic_supervisor.ex's
     * {@code maybe_restart_child/5}: any exit of a permanent child, an abnormal one of others (supervisors.exs K,
     * dynamic_supervisors.exs O).
     */
    boolean reportsExit(ExitReason reason) {
        return this == PERMANENT || reason.isAbnormal();
    }
}
