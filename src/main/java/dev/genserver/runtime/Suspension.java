package dev.genserver.runtime;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * What a process holds while it is suspended ({@code :sys.suspend}) and until it has caught up after the resume.
 * Allocated by the first suspend and dropped once the messages kept aside are handled, so the processes that are
 * never suspended pay one null field. Owner only, but {@link #suspended} may be read racily by introspection.
 *
 * <p>A suspended process handles only system messages, as OTP's {@code sys:suspend_loop} receives only
 * {@code {system, ...}} and its parent's exit signal: here {@link Envelope#SYSTEM} (sys requests, the resume among
 * them) and {@link Envelope#STOP} (a stop, a supervisor's shutdown, a trapped exit of the parent). The mailbox is a
 * FIFO queue, so to reach them the owner takes out the ordinary messages in front and keeps them aside, in order;
 * after the resume it handles those first, then the mailbox, so every message is handled in the order it arrived.
 * Messages kept aside still count as waiting, in the mailbox size and against its bound; an idle timeout's check
 * kept aside does not, as it never did ({@link Mailbox#pushUncounted}).
 */
final class Suspension {

    volatile boolean suspended = true;
    /** The owner's, but a killer walks it too ({@link #forEachKeptAside}): a deque that may be walked meanwhile. */
    private final ConcurrentLinkedDeque<Envelope> keptAside = new ConcurrentLinkedDeque<>();

    /**
     * The next message to handle, or null if there is none: while suspended the next system message, keeping
     * aside the ordinary ones before it; after the resume the messages kept aside, then the mailbox's.
     */
    Envelope next(Mailbox mailbox) {
        if (!suspended) {
            Envelope first = keptAside.pollFirst();
            if (first == null) {
                return mailbox.poll();
            }
            mailbox.countTaken(first);
            return first;
        }
        Envelope envelope;
        while ((envelope = mailbox.pollKeepingCount()) != null) {
            if (envelope.kind == Envelope.SYSTEM || envelope.kind == Envelope.STOP) {
                mailbox.countTaken(envelope);
                return envelope;
            }
            keptAside.addLast(envelope);
        }
        return null;
    }

    /** Resumed, with nothing kept aside left: the process can forget this object. */
    boolean isOver() {
        return !suspended && keptAside.isEmpty();
    }

    /**
     * What is kept aside now, oldest first, left in place: a killer answers the callers at once, while the owner
     * may still be taking messages out or putting them aside (its reap answers those, and drops them all).
     */
    void forEachKeptAside(Consumer<Envelope> action) {
        keptAside.forEach(action);
    }

    /** The process exited: hands over what was kept aside, oldest first, to be failed or dropped. */
    void drain(Consumer<Envelope> action) {
        Envelope envelope;
        while ((envelope = keptAside.pollFirst()) != null) {
            action.accept(envelope);
        }
    }
}
