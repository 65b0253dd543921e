package dev.genserver.runtime;

/**
 * A supervisor could not start a child because the child's factory threw (or returned null) before any process
 * existed: OTP's {@code {:error, reason}} from a start function that raised, which the supervisor catches so that
 * only this start fails. The factory's exception is the cause.
 */
public final class StartFailedException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** The id of the child spec whose factory failed. */
    private final String childId;

    /**
     * The factory of the child {@code childId} threw {@code cause}, or returned null ({@code cause} is then a
     * {@link NullPointerException}).
     */
    StartFailedException(String childId, Throwable cause) {
        super("the factory of child " + childId + " failed: " + cause, cause);
        this.childId = childId;
    }

    /** The id of the child spec whose factory failed. */
    public String childId() {
        return childId;
    }

    @Override
    public String error() {
        return "start_failed";
    }
}
