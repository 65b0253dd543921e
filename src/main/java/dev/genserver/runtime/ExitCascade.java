package dev.genserver.runtime;

import java.util.ArrayDeque;

/**
 * The exits one exit sets off through its links, announced one after another on the thread that announces the
 * first, not inside it. Announced inside it, each hop of a chain of links went a few frames deeper (a chain of
 * about 2,000 processes overflowed the stack, and the rest of the chain never heard of the exit).
 *
 * <p>An exit is announced in two parts. What the world sees first (its name freed, its monitors and links told, its
 * exit done) is made for every exit of the cascade before any exit's callers fail, because failing a call may run
 * the caller's completion stages on this thread, and a stage may wait, on this thread or through another, for any
 * exit of the cascade: so each is done by then, as it was when the cascade ran by recursion.
 *
 * <p>A thread that waits for an exit while it has announcements queued makes them as it waits
 * ({@link Turn#awaitExitDone}): the exit it waits for may be among them.
 */
final class ExitCascade {

    /** The announcements this thread has still to make; null while it makes none. */
    private static final ThreadLocal<ExitCascade> CURRENT = new ThreadLocal<>();

    /** The first part of each exit queued: names, monitors and links, then the exit done. */
    private final ArrayDeque<Runnable> seen = new ArrayDeque<>();
    /** The second part: the callers failed (and the state reaped), once no first part is left. */
    private final ArrayDeque<Runnable> callers = new ArrayDeque<>();
    /** The first failure of any part, thrown once the cascade is complete: the rest are still owed their exits. */
    private Throwable failure;

    private ExitCascade() {
    }

    /**
     * Announces an exit: {@code seen}, what the world sees of it, then {@code callersFailed}; each with the exits it
     * sets off. Inside another announcement on this thread, both are queued behind it.
     */
    static void announce(Runnable seen, Runnable callersFailed) {
        ExitCascade running = CURRENT.get();
        ExitCascade cascade = running != null ? running : new ExitCascade();
        cascade.seen.add(seen);
        cascade.callers.add(callersFailed);
        if (running != null) {
            return; // made by the loop below, further up this thread
        }
        CURRENT.set(cascade);
        try {
            cascade.drain();
        } finally {
            CURRENT.remove();
        }
        Throwable first = cascade.failure;
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        } else if (first instanceof Error error) {
            throw error;
        } else if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /** Makes the first part of one exit this thread has queued; false if it has none. */
    static boolean announceOne() {
        ExitCascade cascade = CURRENT.get();
        Runnable next = cascade == null ? null : cascade.seen.poll();
        if (next == null) {
            return false;
        }
        cascade.run(next);
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next = seen.poll();
            if (next == null) {
                next = callers.poll();
            }
            if (next == null) {
                return;
            }
            run(next);
        }
    }

    private void run(Runnable part) {
        try {
            part.run();
        } catch (Throwable thrown) { // even a checked one thrown sneakily: the rest of the cascade is still owed
            if (failure == null) {
                failure = thrown;
            }
        }
    }
}
