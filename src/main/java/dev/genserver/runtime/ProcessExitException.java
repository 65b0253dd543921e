package dev.genserver.runtime;

/**
 * The process exited while the call was pending: it crashed handling this very call, was killed, or stopped
 * before it reached it. Carries the exit reason ({@code exit(reason)} in OTP).
 */
public final class ProcessExitException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final transient ExitReason reason;

    public ProcessExitException(Pid pid, ExitReason reason) {
        super("process " + pid + " exited: " + reason, reason.cause());
        this.pid = pid;
        this.reason = reason;
    }

    public Pid pid() {
        return pid;
    }

    public ExitReason reason() {
        return reason;
    }

    @Override
    public String error() {
        return "exit";
    }
}
