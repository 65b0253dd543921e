package dev.genserver.runtime;

/**
 * The calling thread was interrupted while waiting for a reply; the reply, if it comes, is dropped and the
 * thread's interrupt flag is set again. (A process killed while it waits in a call ends with
 * {@link ProcessExitException}, its own exit, instead.)
 */
public final class CallInterruptedException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /**
     * The thread waiting for a reply from {@code pid} was interrupted, or a handler of {@code pid} running on that
     * thread failed because of the interrupt.
     */
    CallInterruptedException(Pid pid) {
        super("interrupted while waiting for a reply from " + pid);
    }

    @Override
    public String error() {
        return "interrupted";
    }
}
