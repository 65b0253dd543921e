package dev.genserver.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A process's mailbox: an intrusive multi-producer single-consumer linked queue (Vyukov) with a bound.
 *
 * <p>A producer swaps its node in as {@code tail} with one atomic exchange and then links the previous tail to
 * it; the consumer (the process's owner) follows {@code head.next}. Between the exchange and the link the queue
 * looks non-empty but has no next node yet; the consumer spins briefly over that window. The bound is a counter,
 * not an array: {@code enqueued} minus {@code dequeued}.
 *
 * <p>It is a superclass of {@link ProcessCell}, not a field, so a process is one object: the senders' fields
 * come first ({@link MailboxProducerSide}), then padding, then the consumer's fields here and the process's.
 */
abstract class Mailbox extends MailboxPadding {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle ENQUEUED;
    private static final VarHandle DEQUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(Mailbox.class, "head", Envelope.class);
            TAIL = lookup.findVarHandle(MailboxProducerSide.class, "tail", Envelope.class);
            ENQUEUED = lookup.findVarHandle(MailboxProducerSide.class, "enqueued", long.class);
            DEQUEUED = lookup.findVarHandle(Mailbox.class, "dequeued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Messages a sender may have waiting; system messages are not refused but are counted. */
    final int capacity;
    @SuppressWarnings("unused")
    private volatile Envelope head;
    @SuppressWarnings("unused")
    private volatile long dequeued;

    Mailbox(int capacity) {
        this.capacity = capacity;
        Envelope stub = new Envelope(Envelope.INFO, null);
        this.head = stub;
        this.tail = stub;
    }

    /**
     * Queues {@code envelope}; false if it is bounded and the mailbox is full. A bounded message first reserves
     * its place: the reservation and the check are one atomic add, so racing senders can never push the mailbox
     * past its bound (a refused sender gives its reservation back). Senders read the consumer's count only when
     * their cached look at it says the mailbox may be full.
     */
    final boolean push(Envelope envelope, boolean bounded) {
        long position = (long) ENQUEUED.getAndAdd(this, 1L);
        if (bounded && position - dequeuedSeen >= capacity) {
            long dequeuedNow = (long) DEQUEUED.getOpaque(this);
            dequeuedSeen = dequeuedNow;
            if (position - dequeuedNow >= capacity) {
                ENQUEUED.getAndAdd(this, -1L);
                return false;
            }
        }
        Envelope previous = (Envelope) TAIL.getAndSet(this, envelope);
        previous.linkNext(envelope);
        return true;
    }

    /**
     * Queues an idle timeout's check ({@link Envelope#IDLE_CHECK}): never refused, and never counted as waiting,
     * here or by the consumer, as OTP's receive timeout is no message ({@code message_queue_len} leaves it out).
     */
    final void pushUncounted(Envelope check) {
        Envelope previous = (Envelope) TAIL.getAndSet(this, check);
        previous.linkNext(check);
    }

    /** Messages waiting (racy: for introspection). */
    final int mailboxSize() {
        return (int) Math.max(0, (long) ENQUEUED.getOpaque(this) - (long) DEQUEUED.getOpaque(this));
    }

    final boolean mailboxEmpty() {
        return HEAD.getAcquire(this) == TAIL.getAcquire(this);
    }

    /** The next message, or null if the mailbox is empty; consumer only. */
    final Envelope poll() {
        Envelope next = pollKeepingCount();
        if (next != null) {
            countTaken(next);
        }
        return next;
    }

    /**
     * Like {@link #poll()}, but the message still counts as waiting (in {@link #mailboxSize()} and against the
     * bound) until {@link #countTaken}: for a message the consumer takes out only to keep it aside.
     */
    final Envelope pollKeepingCount() {
        Envelope current = head;
        Envelope next = current.next();
        if (next == null) {
            if (current == tail) {
                return null;
            }
            do {
                Thread.onSpinWait();
                next = current.next();
            } while (next == null);
        }
        head = next;
        current.unlink();
        return next;
    }

    /**
     * {@code taken}, taken out with {@link #pollKeepingCount()}, no longer counts as waiting; an idle check never
     * counted ({@link #pushUncounted}). Consumer only.
     */
    final void countTaken(Envelope taken) {
        if (taken.kind != Envelope.IDLE_CHECK) {
            DEQUEUED.setOpaque(this, (long) DEQUEUED.getOpaque(this) + 1);
        }
    }

    /** The consumer's current stub, for a read-only walk of what is queued behind it (racy: see its users). */
    final Envelope peekHead() {
        return head;
    }
}
