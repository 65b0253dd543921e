package dev.genserver.runtime;

/**
 * A process called itself, or called a process that is waiting further up this very thread's stack, in a call
 * to it. Either would deadlock until the timeout; OTP raises {@code calling_self} for the first case.
 */
public final class CallingSelfException extends GenServerException {

    private static final long serialVersionUID = 1L;

    /**
     * A call, {@code sys} request or stop addressed to {@code pid} from a callback of {@code pid} itself, or from a
     * thread on which {@code pid} runs a handler further up the stack; {@code caller}, the process whose callback
     * made it (null if none did), tells the two apart in the message.
     */
    CallingSelfException(Pid pid, Pid caller) {
        super(caller == pid
                ? "process " + pid + " would wait for itself: a call to it from its own handler cannot be answered"
                : "process " + pid + " runs a handler further up this thread, which waits for "
                        + (caller == null ? "this call" : "process " + caller + ", the caller")
                        + ": the call cannot be answered until that handler returns");
    }

    @Override
    public String error() {
        return "calling_self";
    }
}
