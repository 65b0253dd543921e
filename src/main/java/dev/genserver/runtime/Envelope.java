package dev.genserver.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One message in a mailbox, and at the same time the node of the mailbox's linked queue: a cast or info costs a
 * single allocation. The queue links nodes through {@link #next}; see {@link ProcessCell} for the algorithm.
 */
class Envelope {

    static final int CALL = 0;
    static final int CAST = 1;
    static final int INFO = 2;
    static final int STOP = 3;
    static final int SYSTEM = 4;
    static final int IDLE_CHECK = 5;

    static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int kind;
    /** Cleared once handled, so the node left behind as the queue's stub retains nothing. */
    Object message;
    /** Accessed through {@link #NEXT} with release / acquire ordering. */
    @SuppressWarnings("unused")
    private Envelope next;

    Envelope(int kind, Object message) {
        this.kind = kind;
        this.message = message;
    }

    Envelope next() {
        return (Envelope) NEXT.getAcquire(this);
    }

    void linkNext(Envelope node) {
        NEXT.setRelease(this, node);
    }

    /**
     * Drops the link of a node the consumer has moved past. Producers never touch a node again once it has a
     * successor, so this is safe; and it matters: a consumed node that was promoted to the old generation would
     * otherwise keep its successor alive, which keeps the next one alive, and so on, until every later message
     * is promoted too (GC nepotism) and young collections copy the whole stream.
     */
    void unlink() {
        NEXT.setOpaque(this, null);
    }
}
