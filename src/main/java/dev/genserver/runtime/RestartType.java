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

    /** supervisor.erl's {@code child_terminated} report: any exit of a permanent child, an abnormal one of others. */
    boolean reportsExit(ExitReason reason) {
        return this == PERMANENT || reason.isAbnormal();
    }
}
