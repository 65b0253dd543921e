package dev.genserver.runtime;

/**
 * The process exited while the call was pending: it crashed handling this very call, was killed, or stopped
 * before it reached it. Carries the exit reason ({@code exit(reason)} in OTP).
 */
public final class ProcessExitException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final transient ExitReason reason;
    private final transient Ending ending;

    /** What this failure ends: what a callback that lets it through exits with depends on it. */
    enum Ending {
        /** A call, a stop the process took, or a sys request: gen_server's {@code {Reason, {gen_server, call, _}}}. */
        CALL,
        /** A stop the process exited before it took (see {@link #isUntakenStop}). */
        UNTAKEN_STOP,
        /** The wait for a request's reply: gen_server's {@code wait_response} answers {@code {error, _}} instead. */
        RESPONSE_WAIT
    }

    /**
     * {@code pid} exited with {@code reason} before it answered: a call or stop pending on it fails so, as does
     * what a callback of {@code pid} tries after {@code pid} was killed under it (a zombie).
     */
    public ProcessExitException(Pid pid, ExitReason reason) {
        this(pid, reason, Ending.CALL);
    }

    ProcessExitException(Pid pid, ExitReason reason, Ending ending) {
        super("process " + pid + " exited: " + reason, reason.cause());
        this.pid = pid;
        this.reason = reason;
        this.ending = ending;
    }

    /**
     * Whether this fails a stop the process exited before it took: Elixir's {@code GenServer.stop} then exits
     * {@code {{reason, {:sys, :terminate, _}}, {GenServer, :stop, _}}}, which is never a shutdown for its caller
     * ({@link ExitReason#thrownBy}), whatever the process's reason.
     */
    boolean isUntakenStop() {
        return ending == Ending.UNTAKEN_STOP;
    }

    /**
     * Whether this is a call's exit, which a callback letting it through exits with ({@link ExitReason#thrownBy}):
     * not for an untaken stop, nor for a request's wait, where OTP answers an error that the waiter must handle.
     */
    boolean isCallExit() {
        return ending == Ending.CALL;
    }

    /** The same failure, as the wait for a request's reply meets it ({@link Request#await}). */
    ProcessExitException inResponseWait() {
        return ending == Ending.RESPONSE_WAIT ? this : new ProcessExitException(pid, reason, Ending.RESPONSE_WAIT);
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
