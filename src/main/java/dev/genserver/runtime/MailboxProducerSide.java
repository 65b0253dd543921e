package dev.genserver.runtime;

/**
 * The fields every sender writes, kept on a cache line of their own (see {@link MailboxPadding}): the mailbox's
 * tail, the count of messages ever queued, and the senders' last look at the count handled. Sharing a line with
 * the fields the process itself writes for every message (head, counts, state) would make each cast wait for
 * that line to travel between cores and back.
 */
abstract class MailboxProducerSide {

    @SuppressWarnings("unused")
    volatile Envelope tail;
    @SuppressWarnings("unused")
    volatile long enqueued;
    /**
     * A value {@code dequeued} had at some point, so a lower bound of it: a sender checks the bound against this
     * and reads the real count (a line the process keeps writing) only when that check fails.
     */
    long dequeuedSeen;
}
