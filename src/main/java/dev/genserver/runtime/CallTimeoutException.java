package dev.genserver.runtime;

import java.time.Duration;

/**
 * No reply arrived within the call's timeout ({@code {:timeout, {GenServer, :call, …}}}); the late reply is
 * dropped.
 */
public final class CallTimeoutException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    /** The timeout that ran out. */
    private final Duration timeout;

    /**
     * {@code pid} did not answer within {@code timeout}: a call, a {@code sys} request, a stop or a {@link Request}
     * waited for, including a handler that ran on the caller's thread and took longer.
     */
    public CallTimeoutException(Pid pid, Duration timeout) {
        super("no answer from " + pid + " within " + timeout.toMillis() + " ms"); // a call, sys request or stop
        this.pid = pid;
        this.timeout = timeout;
    }

    /** The process that did not answer. */
    public Pid pid() {
        return pid;
    }

    /** The timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String error() {
        return "timeout";
    }
}
