package dev.genserver.app;

/**
 * A singleton process is not running right now: its supervisor is restarting it. Clients should retry shortly;
 * the HTTP layer answers 503 {@code unavailable} with {@code Retry-After: 1}.
 */
public final class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String service) {
        super(service + " is restarting; retry shortly");
    }
}
