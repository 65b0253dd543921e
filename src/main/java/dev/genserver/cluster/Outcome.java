package dev.genserver.cluster;

import java.io.Serializable;
import java.util.Optional;

/**
 * What one {@link Invoke} did, sent back to the member that asked.
 *
 * @param kind  how the message ended
 * @param reply the call's reply (an {@code Optional} travels as its content: the JDK's is not serializable)
 * @param exit  the crash or stop reason, for {@link Kind#CRASHED}
 * @param fromMemory whether it was answered from the process's memory of an earlier attempt, not applied now
 */
record Outcome(Kind kind, Object reply, boolean optional, String exit, boolean fromMemory) implements Serializable {

    enum Kind { HANDLED, NOPROC, CRASHED, RETRY_AS_WRITE }

    static final Outcome NOPROC = new Outcome(Kind.NOPROC, null, false, null, false);
    /** A {@link Read} that must be sent again as a write: its handler failed or asked to stop. */
    static final Outcome RETRY_AS_WRITE = new Outcome(Kind.RETRY_AS_WRITE, null, false, null, false);

    static Outcome handled(Object reply) {
        return reply instanceof Optional<?> maybe ? new Outcome(Kind.HANDLED, maybe.orElse(null), true, null, false)
                : new Outcome(Kind.HANDLED, reply, false, null, false);
    }

    static Outcome crashed(String reason) {
        return new Outcome(Kind.CRASHED, null, false, reason, false);
    }

    /** This outcome, given again from memory. */
    Outcome givenAgain() {
        return new Outcome(kind, reply, optional, exit, true);
    }

    /** The reply as the handler gave it. */
    Object value() {
        return optional ? Optional.ofNullable(reply) : reply;
    }
}
