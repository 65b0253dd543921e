package dev.genserver.runtime;

/**
 * The root of the runtime's failures. Each subtype is a distinct condition a caller can act on; their
 * {@link #error()} names follow OTP's atoms and are stable, for a layer above (a web API, say) to report.
 */
public abstract sealed class GenServerException extends RuntimeException
        permits CallTimeoutException, NoProcessException, ProcessExitException, MailboxFullException,
        CallingSelfException, CallInterruptedException, AlreadyStartedException, InitFailedException,
        StartIgnoredException, UnexpectedMessageException, MaxChildrenException, StartFailedException,
        ChildStateException, CallbackFailedException {

    private static final long serialVersionUID = 1L;

    GenServerException(String message) {
        super(message);
    }

    GenServerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable machine-readable name: {@code timeout}, {@code noproc}, {@code exit}, … */
    public abstract String error();
}
