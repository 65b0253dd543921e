package dev.genserver.cluster;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * What the map holds for one replicated process: its state, and the outcomes of the last messages sent with a
 * request identity ({@link dev.genserver.app.RequestIds}), so that such a message arriving again (a client's retry
 * after its first attempt was lost with a member) is answered as the first time and not applied twice. Replaced,
 * never changed, on each message; the remembered outcomes are carried over and bounded.
 *
 * @param state    the server's state
 * @param recent   outcomes by message id, or null before the first message with an identity
 */
record Replica(Object state, Recent recent) implements Serializable {

    /** Messages with an identity remembered per process: a retry comes soon after, or not at all. */
    static final int REMEMBERED = 32;

    /** Before the first message: no state yet, nothing remembered. */
    static final Replica NEW = new Replica(null, null);

    Replica next(Object state, String messageId, Outcome outcome) {
        if (messageId == null) {
            return new Replica(state, recent);
        }
        Recent remembered = recent == null ? new Recent() : recent.copy();
        remembered.put(messageId, outcome);
        return new Replica(state, remembered);
    }

    Outcome answered(String messageId) {
        return messageId == null || recent == null ? null : recent.outcomes.get(messageId);
    }

    /** The last {@link #REMEMBERED} outcomes, oldest first out. */
    static final class Recent implements Serializable {

        private final HashMap<String, Outcome> outcomes = new HashMap<>();
        private final ArrayDeque<String> order = new ArrayDeque<>();

        Recent copy() {
            Recent copy = new Recent();
            copy.outcomes.putAll(outcomes);
            copy.order.addAll(order);
            return copy;
        }

        void put(String messageId, Outcome outcome) {
            if (outcomes.put(messageId, outcome) == null) {
                order.addLast(messageId);
                if (order.size() > REMEMBERED) {
                    outcomes.remove(order.removeFirst());
                }
            }
        }
    }
}
