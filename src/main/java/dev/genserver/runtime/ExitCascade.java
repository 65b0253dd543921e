package dev.genserver.runtime;

import java.util.ArrayDeque;

/**
 * The exits one exit sets off through its links, announced one after another on the thread that announces the
 * first, not inside it. Announced inside it, each hop of a chain of links went a few frames deeper (a chain of
 * about 2,000 processes overflowed the stack, and the rest of the chain never heard of the exit), and a caller's
 * completion stage run by a later hop (a failed deferred call) could wait for an earlier hop's exit, which only
 * this thread, further up, could finish.
 *
 * <p>A thread that waits for an exit while it has announcements queued runs them as it waits
 * ({@link Turn#awaitExitDone}): the exit it waits for may be among them.
 */
final class ExitCascade {

    /** The announcements this thread has still to make; null while it makes none. */
    private static final ThreadLocal<ArrayDeque<Runnable>> PENDING = new ThreadLocal<>();

    private ExitCascade() {
    }

    /** Makes {@code announcement} now, with those it sets off; or, inside another, once that one is done. */
    static void announce(Runnable announcement) {
        ArrayDeque<Runnable> pending = PENDING.get();
        if (pending != null) {
            pending.add(announcement);
            return;
        }
        pending = new ArrayDeque<>();
        PENDING.set(pending);
        Throwable first = null;
        try {
            for (Runnable next = announcement; next != null; next = pending.poll()) {
                try {
                    next.run();
                } catch (RuntimeException | Error failure) { // the rest of the cascade is still owed its exits
                    if (first == null) {
                        first = failure;
                    }
                }
            }
        } finally {
            PENDING.remove();
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        } else if (first instanceof Error error) {
            throw error;
        }
    }

    /** Makes one announcement this thread has queued; false if it has none. */
    static boolean announceOne() {
        ArrayDeque<Runnable> pending = PENDING.get();
        Runnable next = pending == null ? null : pending.poll();
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }
}
