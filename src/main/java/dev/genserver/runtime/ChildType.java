package dev.genserver.runtime;

/**
 * Whether a child is a worker or a supervisor: a child spec's {@code type:}. It decides the default shutdown
 * (5 s for a worker, infinity for a supervisor) and how {@code count_children} counts the child.
 */
public enum ChildType {
    /** {@code type: :worker}: any server that is not a supervisor. */
    WORKER,
    /** {@code type: :supervisor}: a {@link Supervisor} or {@link DynamicSupervisor}. */
    SUPERVISOR
}
