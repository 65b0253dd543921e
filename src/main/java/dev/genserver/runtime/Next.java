package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

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

    /** An idle timeout, re-armed by every result that carries one. */
    static Next timeout(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative: " + after);
        }
        return new Timeout(after);
    }

    /** {@code {:continue, arg}}. */
    static Next continueWith(Object arg) {
        return new Continue(arg);
    }

    /** {@link #NONE} and {@link #HIBERNATE}. */
    enum Flag implements Next { NONE, HIBERNATE }

    /** See {@link #timeout(Duration)}. */
    record Timeout(Duration after) implements Next { }

    /** See {@link #continueWith(Object)}. */
    record Continue(Object arg) implements Next { }
}
