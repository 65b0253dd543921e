package dev.genserver.runtime;

import java.time.Duration;

/**
 * The optional last element of a callback's result tuple: nothing, an idle timeout, {@code :hibernate}, or
 * {@code {:continue, arg}}.
 *
 * <ul>
 *   <li>{@link #timeout(Duration)}: if no message arrives within the duration, the process receives
 *       {@link IdleTimeout} in {@code handleInfo}. It applies to the result that set it; the next result without
 *       a timeout cancels it, exactly as in OTP, so a server that wants a rolling idle timeout returns one from
 *       every callback.</li>
 *   <li>{@link #HIBERNATE}: accepted for parity with OTP and otherwise a hint only. An idle process here holds no
 *       thread and no stack, and the JVM's collector compacts its heap, which is what hibernation buys on the
 *       BEAM.</li>
 *   <li>{@link #continueWith(Object)}: {@link GenServer#handleContinue} runs before any other message.</li>
 * </ul>
 */
public sealed interface Next {

    /** No timeout, no continue. */
    Next NONE = Flag.NONE;

    /** {@code :hibernate} (a hint; see the type's documentation). */
    Next HIBERNATE = Flag.HIBERNATE;

    /**
     * The longest timeout OTP takes, {@code 16#FFFFFFFF} ms (about 49.7 days): a longer one is a
     * {@code timeout_value} error in a receive, and here an {@link IllegalArgumentException} in the callback that
     * asks for it, which crashes that process, as in OTP. (A timer, {@code send_after}, may be longer.)
     */
    Duration MAX_TIMEOUT = Duration.ofMillis(0xFFFF_FFFFL);

    /** An idle timeout, re-armed by every result that carries one; at most {@link #MAX_TIMEOUT}. */
    static Next timeout(Duration after) {
        return new Timeout(after);
    }

    /**
     * {@link #timeout(Duration)}, or {@link #NONE} for a null duration: a setting left unset asks for no timeout,
     * as OTP's {@code :infinity} does.
     */
    static Next timeoutOrNone(Duration after) {
        return after == null ? NONE : timeout(after);
    }

    /** {@code {:continue, arg}}. */
    static Next continueWith(Object arg) {
        return new Continue(arg);
    }

    /** {@link #NONE} and {@link #HIBERNATE}. */
    enum Flag implements Next {
        /** {@link Next#NONE}: no timeout, no continue. */
        NONE,
        /** {@link Next#HIBERNATE}: {@code :hibernate}, a hint only. */
        HIBERNATE
    }

    /** See {@link #timeout(Duration)}. */
    record Timeout(Duration after) implements Next {
        /**
         * Checks that {@code after} is a timeout OTP would take: 0 to {@link Next#MAX_TIMEOUT}.
         *
         * @throws NullPointerException     if {@code after} is null
         * @throws IllegalArgumentException if {@code after} is negative or longer than {@link Next#MAX_TIMEOUT}
         */
        public Timeout {
            Timeouts.check("idle timeout", after);
        }
    }

    /** See {@link #continueWith(Object)}. */
    record Continue(Object arg) implements Next { }
}
