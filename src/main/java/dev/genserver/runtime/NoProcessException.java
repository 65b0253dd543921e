package dev.genserver.runtime;

/** The target process does not exist or has exited ({@code :noproc}). Raised at once, never after a wait. */
public final class NoProcessException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** The pid or name that was addressed. */
    private final String target;

    /** {@code target}, the pid or name addressed, has no live process behind it. */
    public NoProcessException(String target) {
        super("no process: " + target);
        this.target = target;
    }

    /** The pid or name that was addressed. */
    public String target() {
        return target;
    }

    @Override
    public String error() {
        return "noproc";
    }
}
