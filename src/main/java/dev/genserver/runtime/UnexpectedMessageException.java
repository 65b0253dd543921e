package dev.genserver.runtime;

/** A server received a call, cast or continue it has no clause for: a bug, so the process crashes loudly. */
public final class UnexpectedMessageException extends GenServerException {

    private static final long serialVersionUID = 1L;

    public UnexpectedMessageException(String server, String kind, Object message) {
        super(server + " received an unexpected " + kind + ": " + message);
    }

    @Override
    public String error() {
        return "unexpected_message";
    }
}
