package dev.genserver.runtime;

/** The name is taken: {@code {:error, {:already_started, pid}}}. Carries the process that holds it. */
public final class AlreadyStartedException extends GenServerException {

    private final transient Pid existing;

    public AlreadyStartedException(Name name, Pid existing) {
        super("name " + name + " is already registered to " + existing);
        this.existing = existing;
    }

    /** The process registered under the name. */
    public Pid existing() {
        return existing;
    }

    @Override
    public String error() {
        return "already_started";
    }
}
