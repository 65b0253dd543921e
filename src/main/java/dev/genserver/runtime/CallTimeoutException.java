package dev.genserver.runtime;

import java.time.Duration;

/** No reply arrived within the call's timeout ({@code {:timeout, {GenServer, :call, …}}}); the late reply is dropped. */
public final class CallTimeoutException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final Duration timeout;

    public CallTimeoutException(Pid pid, Duration timeout) {
        super("call to " + pid + " timed out after " + timeout.toMillis() + " ms");
        this.pid = pid;
        this.timeout = timeout;
    }

    public Pid pid() {
        return pid;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String error() {
        return "timeout";
    }
}
