package dev.genserver.runtime;

/**
 * The target's mailbox is at its bound; nothing was enqueued. The process keeps serving what it has, so the
 * caller may retry later. Messages the runtime itself delivers (monitors, links, timers, stops) are never
 * refused.
 */
public final class MailboxFullException extends GenServerException {

    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    /** The mailbox bound, in messages. */
    private final int capacity;

    /** A call, cast or send to {@code pid} found its mailbox at its bound of {@code capacity} messages. */
    MailboxFullException(Pid pid, int capacity) {
        super("mailbox of " + pid + " is full (" + capacity + " messages)");
        this.pid = pid;
        this.capacity = capacity;
    }

    /** The process whose mailbox is full. */
    public Pid pid() {
        return pid;
    }

    /** The mailbox bound, in messages. */
    public int capacity() {
        return capacity;
    }

    @Override
    public String error() {
        return "overloaded";
    }
}
