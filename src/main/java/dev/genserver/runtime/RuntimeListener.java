package dev.genserver.runtime;

import java.time.Duration;

/**
 * Observes the runtime for metrics and logs. Called on the thread where the event happens, often a process's
 * own: implementations must be fast, thread-safe and must not throw. One that throws fails nothing it observes: the
 * runtime logs the failure and carries on.
 */
public interface RuntimeListener {

    /** Observes nothing. */
    RuntimeListener NONE = new RuntimeListener() { };

    /** A process finished {@code init} and is running. */
    default void processStarted(Pid pid) {
    }

    /** A process exited; its name is already free. */
    default void processExited(Pid pid, ExitReason reason) {
    }

    /** A message was refused because {@code pid}'s mailbox is at its bound. */
    default void mailboxFull(Pid pid) {
    }

    /** A supervisor restarted one of its children. */
    default void childRestarted(Pid supervisor, String childId) {
    }

    /**
     * A call returned its reply after {@code nanos}, measured by the caller (queueing included). Sampled: one
     * call in {@value Sampling#EVERY}, so the hot path does not read the clock and record each time.
     */
    default void callCompleted(Pid pid, long nanos) {
    }

    /** A call's caller gave up waiting: {@link CallTimeoutException}. Every timeout is reported. */
    default void callTimedOut(Pid pid) {
    }

    /**
     * A queued message waited {@code nanos} in the mailbox before its handler began. Sampled like
     * {@link #callCompleted}; calls run on the caller's thread never wait and are not reported.
     */
    default void messageWaited(Pid pid, long nanos) {
    }

    /**
     * A handler has been running for {@code running} on {@code message} and has not returned (the GenServer
     * pitfall of blocking the process). Reported once per message, while it still runs.
     */
    default void handlerSlow(Pid pid, Object message, Duration running) {
    }
}
