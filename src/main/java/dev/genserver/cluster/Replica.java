package dev.genserver.cluster;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * What the map holds for one replicated process: its state, and the outcomes of the recent messages sent with a
 * request identity ({@link dev.genserver.app.RequestIds}), so that such a message arriving again (a client's retry
 * after its first attempt was lost with a member) is answered as the first time and not applied twice.
 *
 * @param state     the server's state
 * @param recent    outcomes by message id, or null before the first message with an identity
 * @param idleUntil when, by the messages' clock, the process stops for idleness if no message comes first (its
 *                  module would stop on its idle timeout); 0 if it would not. From then on the entry stands for no
 *                  process, on the owner and the backup alike, whenever Hazelcast gets round to removing it.
 */
record Replica(Object state, Recent recent, long idleUntil) implements Serializable {

    /**
     * How long a message with an identity is remembered: a retry comes seconds after its 503 (the backup timeout,
     * the member's loss noticed, then Retry-After), or not at all.
     */
    static final long REMEMBERED_FOR_MILLIS = 60_000;
    /** And at most this many per process, so a process that many clients write to stays small to migrate. */
    static final int REMEMBERED = 4096;

    /** Before the first message: no state yet, nothing remembered. */
    static final Replica NEW = new Replica(null, null, 0);

    /** A process's replica that stays until a message stops it. */
    Replica(Object state, Recent recent) {
        this(state, recent, 0);
    }

    /** Whether, at {@code now}, the process has stopped for idleness. */
    boolean idledOut(long now) {
        return idleUntil != 0 && idleUntil <= now;
    }

    /** This replica, stopping for idleness at {@code until}. */
    Replica idleUntil(long until) {
        return new Replica(state, recent, until);
    }

    /**
     * The replica after a message handled at {@code now}. The memory is changed in place, not copied: the
     * partition thread is its only writer, and a backup runs the same message on its own copy.
     */
    Replica next(Object state, String messageId, Outcome outcome, long now) {
        if (messageId == null) {
            return new Replica(state, recent);
        }
        Recent remembered = recent == null ? new Recent() : recent;
        remembered.put(messageId, outcome, now);
        return new Replica(state, remembered);
    }

    Outcome answered(String messageId) {
        return messageId == null || recent == null ? null : recent.outcomes.get(messageId);
    }

    /** The outcomes of the last minute's messages with an identity, at most {@link #REMEMBERED}, oldest out first. */
    static final class Recent implements Serializable {

        private final HashMap<String, Outcome> outcomes = new HashMap<>();
        private final ArrayDeque<Stamp> order = new ArrayDeque<>();

        void put(String messageId, Outcome outcome, long now) {
            if (outcomes.put(messageId, outcome) == null) {
                order.addLast(new Stamp(messageId, now));
            }
            while (order.size() > REMEMBERED
                    || !order.isEmpty() && now - order.getFirst().at() > REMEMBERED_FOR_MILLIS) {
                outcomes.remove(order.removeFirst().id());
            }
        }
    }

    /** When a message id was remembered, by the clock its message carried. */
    record Stamp(String id, long at) implements Serializable { }
}
