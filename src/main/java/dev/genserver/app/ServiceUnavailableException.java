package dev.genserver.app;

/**
 * What a request needs cannot answer right now, for a reason that passes: a singleton process between a crash and
 * its restart, too few cluster members in sight, a member shutting down. The HTTP layer answers 503
 * {@code unavailable} with {@code Retry-After: 1}; the message is the answer's detail, so it says what is missing
 * and why, and never names a key.
 */
public final class ServiceUnavailableException extends RuntimeException {

    /** {@code detail} as the client reads it: what cannot answer and why. */
    public ServiceUnavailableException(String detail) {
        super(detail);
    }

    /**
     * The singleton process of {@code service} is not running: its supervisor is restarting it, or, if it has given
     * up, readiness is down and the instance is being taken out of rotation. Either way a retry is the answer.
     */
    public static ServiceUnavailableException notRunning(String service) {
        return new ServiceUnavailableException(service + " is not running right now; retry shortly");
    }
}
