package dev.genserver.app;

/**
 * What a request needs cannot answer right now, for a reason that passes: a singleton process between a crash and
 * its restart, too few cluster members in sight, a member shutting down; or one that passes only by going to
 * another instance, once this one's supervision tree has given up. The HTTP layer answers 503
 * {@code unavailable} with {@code Retry-After: 1}; the message is the answer's detail, so it says what is missing
 * and why, and never names a key.
 */
public final class ServiceUnavailableException extends RuntimeException {

    /** {@code detail} as the client reads it: what cannot answer and why. */
    public ServiceUnavailableException(String detail) {
        super(detail);
    }

    /** The singleton process of {@code service} is not running: its supervisor is restarting it. */
    public static ServiceUnavailableException notRunning(String service) {
        return new ServiceUnavailableException(service + " is not running right now; retry shortly");
    }

    /**
     * The process of {@code service} has stopped for good with the root supervisor, which gave up restarting the
     * tree (or an operator stopped it). In OTP the node would stop; here liveness and readiness are down, so the
     * instance is leaving rotation, and a retry belongs on another instance (the answer's Retry-After still holds for
     * a client behind a load balancer).
     */
    public static ServiceUnavailableException stopped(String service) {
        return new ServiceUnavailableException(service + " has stopped with its supervision tree, which nothing "
                + "restarts: this instance is leaving rotation; retry on another instance");
    }

    /** What a request still running after the instance's processes were stopped is told. */
    public static ServiceUnavailableException shuttingDown() {
        return new ServiceUnavailableException("this instance is shutting down; retry on another");
    }
}
