package dev.genserver.runtime;

/**
 * The name, or a supervisor's child id, is taken: {@code {:error, {:already_started, pid}}}. Carries the process
 * that holds it.
 */
public final class AlreadyStartedException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid existing;

    /** A start under {@code name}, which the live process {@code existing} is registered to. */
    AlreadyStartedException(Name name, Pid existing) {
        super("name " + name + " is already registered to " + existing);
        this.existing = existing;
    }

    /** A supervisor's {@code start_child} with the id of a running child. */
    AlreadyStartedException(String childId, Pid existing) {
        super("child " + childId + " is already started as " + existing);
        this.existing = existing;
    }

    /** The process registered under the name, or running as the child. */
    public Pid existing() {
        return existing;
    }

    @Override
    public String error() {
        return "already_started";
    }
}
