package dev.genserver.runtime;

/** A server received a call, cast or continue it has no clause for: a bug, so the process crashes loudly. */
public final class UnexpectedMessageException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /**
     * The default {@code handleCall}, {@code handleCast} or {@code handleContinue} of {@code server} (its class
     * name) got {@code message}; {@code kind} is {@code call}, {@code cast} or {@code continue}.
     */
    public UnexpectedMessageException(String server, String kind, Object message) {
        super(server + " received an unexpected " + kind + ": " + message);
    }

    @Override
    public String error() {
        return "unexpected_message";
    }
}
