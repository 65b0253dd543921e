package dev.genserver.runtime;

/**
 * The process exited while the call was pending: it crashed handling this very call, was killed, or stopped
 * before it reached it. Carries the exit reason ({@code exit(reason)} in OTP).
 */
public final class ProcessExitException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final transient ExitReason reason;
    private final transient boolean untakenStop;

    /**
     * {@code pid} exited with {@code reason} before it answered: a call or stop pending on it fails so, as does
     * what a callback of {@code pid} tries after {@code pid} was killed under it (a zombie).
     */
    public ProcessExitException(Pid pid, ExitReason reason) {
        this(pid, reason, false);
    }

    /** {@code untakenStop}: a stop {@code pid} exited before it took (see {@link #isUntakenStop}). */
    ProcessExitException(Pid pid, ExitReason reason, boolean untakenStop) {
        super("process " + pid + " exited: " + reason, reason.cause());
        this.pid = pid;
        this.reason = reason;
        this.untakenStop = untakenStop;
    }

    /**
     * Whether this fails a stop the process exited before it took: Elixir's {@code GenServer.stop} then exits
     * {@code {{reason, {:sys, :terminate, _}}, {GenServer, :stop, _}}}, which is never a shutdown for its caller
     * ({@link ExitReason#thrownBy}), whatever the process's reason.
     */
    boolean isUntakenStop() {
        return untakenStop;
    }

    /** The process that exited; null if it has no pid here (one on another cluster member). */
    public Pid pid() {
        return pid;
    }

    /** The reason it exited with. */
    public ExitReason reason() {
        return reason;
    }

    @Override
    public String error() {
        return "exit";
    }
}
