package dev.genserver.cluster;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.ThreadLocalRandom;

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
 * @param version   counts the messages that changed the process, from a start drawn at random when it started:
 *                  the owner's copy and the backup's agree on it while they agree at all ({@link Invoke}), and a
 *                  process started afresh under the key does not repeat an earlier one's
 */
record Replica(Object state, Recent recent, long idleUntil, long version) implements Serializable {

    /** The version of an entry that stands for no process: none, idled out, or a stop's tombstone. */
    static final long NO_PROCESS = -1;

    /**
     * How long a message with an identity is remembered: a retry comes seconds after its 503 (the backup timeout,
     * the member's loss noticed, then Retry-After), or not at all.
     */
    static final long REMEMBERED_FOR_MILLIS = 60_000;
    /** And at most this many per process, so a process that many clients write to stays small to migrate. */
    static final int REMEMBERED = 4096;

    /** A process's replica that stays until a message stops it. */
    Replica(Object state, Recent recent) {
        this(state, recent, 0, 0);
    }

    /** A process's first version: drawn at random, so that it repeats no earlier process's under the same key. */
    static long firstVersion() {
        return ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2);
    }

    /** The version of {@code found} at {@code now}, {@link #NO_PROCESS} where it stands for none. */
    static long versionOf(Replica found, long now) {
        return found == null || found.idledOut(now) ? NO_PROCESS : found.version;
    }

    /**
     * Whether, at {@code now}, the entry stands for no process: it has stopped for idleness, or it is a keyed stop's
     * tombstone (no state), whatever time the message carries. A message stamped just before the stop by a member
     * whose clock is behind reaches the partition after it, and must find the process gone, not start it afresh.
     */
    boolean idledOut(long now) {
        return idleUntil != 0 && (state == null || idleUntil <= now);
    }

    /** This replica, stopping for idleness at {@code until}. */
    Replica idleUntil(long until) {
        return new Replica(state, recent, until, version);
    }

    /** This replica, at {@code version}. */
    Replica at(long version) {
        return new Replica(state, recent, idleUntil, version);
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

    /** The outcome of {@code messageId} if it is remembered at {@code now}, by the messages' clock; else null. */
    Outcome answered(String messageId, long now) {
        return messageId == null || recent == null ? null : recent.answered(messageId, now);
    }

    /** The outcomes of the last minute's messages with an identity, at most {@link #REMEMBERED}, oldest out first. */
    static final class Recent implements Serializable {

        /** By message id, in the order remembered: the order they are forgotten in. */
        private final LinkedHashMap<String, Remembered> outcomes = new LinkedHashMap<>();

        void put(String messageId, Outcome outcome, long now) {
            outcomes.remove(messageId); // remembered anew (its memory had ended): it goes last
            outcomes.put(messageId, new Remembered(outcome, now));
            for (Iterator<Remembered> oldest = outcomes.values().iterator(); oldest.hasNext(); ) {
                Remembered first = oldest.next(); // taken before the test: remove() needs it
                if (outcomes.size() <= REMEMBERED && now - first.at() <= REMEMBERED_FOR_MILLIS) {
                    break;
                }
                oldest.remove();
            }
        }

        Outcome answered(String messageId, long now) {
            Remembered remembered = outcomes.get(messageId);
            return remembered == null || now - remembered.at() > REMEMBERED_FOR_MILLIS ? null : remembered.outcome();
        }

        /** Forgets {@code messageId}; whether it was remembered. */
        boolean forget(String messageId) {
            return outcomes.remove(messageId) != null;
        }
    }

    /** A message's outcome, and when it was remembered, by the clock its message carried. */
    record Remembered(Outcome outcome, long at) implements Serializable { }
}
