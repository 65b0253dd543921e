package dev.genserver.runtime;

/**
 * A function the caller had a process run on its state threw ({@code :sys.replace_state} raising
 * {@code {callback_failed, fun, {class, reason}}}). The process is not harmed: it goes on with the state it had.
 * The cause is what the function threw.
 */
public final class CallbackFailedException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /** {@link ProcessRuntime#replaceState} on {@code pid}: the function threw {@code cause}; the state is kept. */
    CallbackFailedException(Pid pid, Throwable cause) {
        super("a function run inside process " + pid + " failed; its state is unchanged", cause);
    }

    @Override
    public String error() {
        return "callback_failed";
    }
}
