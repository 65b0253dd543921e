package dev.genserver.runtime;

/** {@code init} returned {@link Init#ignore}: no process was started. Supervisors treat this as a non-error. */
public final class StartIgnoredException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** A start of {@code server} (its class name) whose {@code init} returned {@link Init#ignore}. */
    StartIgnoredException(String server) {
        super("init of " + server + " returned ignore");
    }

    @Override
    public String error() {
        return "ignore";
    }
}
