package dev.genserver.app;

/**
 * A client API's answer that is not a success: the seed's {@code {:error, :empty}} and its kin. Client beans throw
 * it; only the web layer decides what HTTP answer each {@link Reason} becomes. The message is for people and never
 * echoes keys, ids or values.
 */
public final class Refusal extends RuntimeException {

    /** The seed's atoms; {@link #error()} is the name clients switch on. */
    public enum Reason {
        NOT_FOUND, EMPTY, FULL, EXPIRED, INVALID_REQUEST, NOT_CANCELLABLE, DIVISION_BY_ZERO, OVERLOADED, MAX_SESSIONS;

        /** {@code not_found}, {@code empty}, …. */
        public String error() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public Refusal(Reason reason, String detail) {
        super(detail, null, false, false); // an answer, not a fault: no stack trace to fill in
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The atom's name, e.g. {@code empty}. */
    public String error() {
        return reason.error();
    }
}
