package dev.genserver.web;

/**
 * The methods that write: POST, PUT, PATCH and DELETE, RFC 9110's unsafe methods among those the service maps. The
 * cross-site rule, the management port's host rule and the idempotency store act on these alone.
 */
public final class WriteMethods {

    private WriteMethods() {
    }

    /** Whether {@code method} (as the request line has it) is one of them. */
    public static boolean isWrite(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }
}
