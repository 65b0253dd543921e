package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime's {@link RuntimeListener}, kept from failing what it observes. A listener must not throw, and one
 * that did failed what it was told of although it had happened: a call that returned its reply
 * ({@code callCompleted} runs on the caller's thread), a kill that had killed ({@code processExited} runs inside
 * the exit, whose starter was thrown the failure), the slow-handler watch. As OTP removes a crashing logger
 * handler and carries on, the failure is logged and the runtime carries on: the first with its trace, later ones
 * at debug level, so a listener that always throws does not flood the log. Thread-safe if the listener is.
 */
final class GuardedListener implements RuntimeListener {

    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

    private final RuntimeListener listener;
    private final AtomicBoolean failedBefore = new AtomicBoolean();

    private GuardedListener(RuntimeListener listener) {
        this.listener = listener;
    }

    /** {@code listener}, guarded; the silent one and one guarded already as they are. */
    static RuntimeListener guard(RuntimeListener listener) {
        return listener == NONE || listener instanceof GuardedListener ? listener : new GuardedListener(listener);
    }

    @Override
    public void processStarted(Pid pid) {
        guarded("processStarted", () -> listener.processStarted(pid));
    }

    @Override
    public void processExited(Pid pid, ExitReason reason) {
        guarded("processExited", () -> listener.processExited(pid, reason));
    }

    @Override
    public void mailboxFull(Pid pid) {
        guarded("mailboxFull", () -> listener.mailboxFull(pid));
    }

    @Override
    public void childRestarted(Pid supervisor, String childId) {
        guarded("childRestarted", () -> listener.childRestarted(supervisor, childId));
    }

    @Override
    public void callCompleted(Pid pid, long nanos) {
        guarded("callCompleted", () -> listener.callCompleted(pid, nanos));
    }

    @Override
    public void callTimedOut(Pid pid) {
        guarded("callTimedOut", () -> listener.callTimedOut(pid));
    }

    @Override
    public void messageWaited(Pid pid, long nanos) {
        guarded("messageWaited", () -> listener.messageWaited(pid, nanos));
    }

    @Override
    public void handlerSlow(Pid pid, Object message, Duration running) {
        guarded("handlerSlow", () -> listener.handlerSlow(pid, message, running));
    }

    /**
     * Tells the listener of {@code event}; a lambda each time, but the frequent events are sampled ones. The
     * listener is not a process's code: on the thread of a process that has exited it runs as no process, and
     * what it sends is not refused as the dead process's would be.
     */
    private void guarded(String event, Runnable telling) {
        try {
            Turn.notAsADeadProcess(telling);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) { // an assert or a test's AssertionError too: it must not reach the process
            failed(event, failure);
        }
    }

    private void failed(String event, Throwable failure) {
        if (failedBefore.compareAndSet(false, true)) {
            LOG.log(Level.ERROR, "the runtime listener " + listener.getClass().getName() + " threw on " + event
                    + " (it must not); ignored, and later failures are logged at debug level", failure);
        } else {
            LOG.log(Level.DEBUG, "the runtime listener threw on {0}: {1}", event, failure.toString());
        }
    }
}
