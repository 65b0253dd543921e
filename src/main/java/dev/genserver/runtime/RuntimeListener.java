package dev.genserver.runtime;

/**
 * Observes the runtime for metrics and logs. Called on the thread where the event happens, often a process's
 * own: implementations must be fast, thread-safe and must not throw.
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
}
