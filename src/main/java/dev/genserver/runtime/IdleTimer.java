package dev.genserver.runtime;

import java.time.Duration;

/**
 * A process's idle timeout ({@code {:reply, r, s, timeout}}): allocated the first time a callback returns a
 * timeout, so the many processes that never use one pay a single null field. Owner only.
 *
 * <p>A busy process with a rolling timeout writes two fields per message instead of scheduling and cancelling a
 * timer each time: a check is scheduled only when none is pending or the pending one would come too late (a
 * shorter timeout than before). When a check arrives it delivers {@link IdleTimeout} or re-arms for the time
 * that is left. Each scheduled check carries a token, so a check overtaken by a newer one is ignored.
 */
final class IdleTimer {

    /** What {@link #check} answers for a timeout past while messages wait: check again right behind them. */
    static final long BEHIND_WAITING = -2;

    /** The current timeout, or 0 when none is armed (a later message without a timeout cancels it). */
    private long timeoutNanos;
    /** When the callback that armed the timeout returned: OTP counts the timeout from there. */
    private long armedAtNanos;
    /** The token of the pending check, or null when none is pending. */
    private Object pendingCheck;
    private long checkDueNanos;

    /** Arms the timeout from {@code now}; returns a token to schedule a check with, or null if one is due in time. */
    Object arm(long now, Duration after) {
        timeoutNanos = Math.max(1, after.toNanos());
        armedAtNanos = now;
        long due = now + timeoutNanos;
        if (pendingCheck != null && checkDueNanos - due <= 0 && !after.isZero()) {
            return null; // the pending check comes first and will re-arm for what is left
        } // a zero timeout's check goes into the mailbox now, rather than wait for a pending one's timer
        pendingCheck = new Object();
        checkDueNanos = due;
        return pendingCheck;
    }

    /** An armed timeout counts again from {@code now}; a pending check finds it later and re-arms for the rest. */
    void restart(long now) {
        if (timeoutNanos != 0) {
            armedAtNanos = now;
        }
    }

    void disarm() {
        timeoutNanos = 0;
    }

    /**
     * A check with {@code token} arrived at {@code now}: 0 if the timeout has expired (and is now disarmed), -1 if
     * there is nothing to do, or the nanoseconds left, for which the caller schedules a check with
     * {@link #rearm}; or {@link #BEHIND_WAITING}. A timeout expired while {@code messagesWaiting} does not fire:
     * OTP's {@code receive ... after} times out only on an empty mailbox (the BEAM, woken by the timer, looks at the
     * mailbox first), so the messages come first and the check goes in again right behind them, the timeout left
     * as it is: an ordinary message's result sets or cancels it, a system message restarts it, and an envelope that
     * is no message (an overtaken check) changes nothing, so the timeout fires once it is past.
     */
    long check(Object token, long now, boolean messagesWaiting) {
        if (token != pendingCheck) {
            return -1; // overtaken by a check scheduled for a shorter timeout
        }
        pendingCheck = null;
        if (timeoutNanos == 0) {
            return -1;
        }
        long left = timeoutNanos - (now - armedAtNanos);
        if (left <= 0 || timeoutNanos == 1) { // a zero timeout (stored as 1 ns) is due whenever its check comes
            if (messagesWaiting) {
                return BEHIND_WAITING;
            }
            timeoutNanos = 0;
            return 0;
        }
        return left;
    }

    /** A token for a check due {@code left} nanoseconds after {@code now}. */
    Object rearm(long now, long left) {
        pendingCheck = new Object();
        checkDueNanos = now + left;
        return pendingCheck;
    }
}
