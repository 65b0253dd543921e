package dev.genserver.runtime;

/**
 * {@code init} returned {@link Init#stop} or threw: {@code {:error, reason}}. The name, if any, was released
 * before this was thrown.
 */
public final class InitFailedException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    /**
     * The start of {@code server} (its class name) failed with {@code reason}: {@code init} returned
     * {@link Init#stop} or threw, outran its start timeout, or the process was killed while it ran.
     */
    InitFailedException(String server, ExitReason reason) {
        super("init of " + server + " failed: " + reason, reason.cause());
        this.reason = reason;
    }

    /** Why the start failed: the reason {@code init} stopped with, its crash, or the kill's reason. */
    public ExitReason reason() {
        return reason;
    }

    @Override
    public String error() {
        return "init_failed";
    }
}
