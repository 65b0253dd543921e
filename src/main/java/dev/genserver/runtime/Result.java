package dev.genserver.runtime;

import java.time.Duration;

/**
 * What {@link GenServer#handleCast}, {@link GenServer#handleInfo} and {@link GenServer#handleContinue} return:
 * {@link NoReply} or {@link Stop}. Static factories read like the Elixir tuples when imported statically.
 *
 * @param <S> the server's state type
 */
public sealed interface Result<S> extends CallResult<S> permits NoReply, Stop {

    /** {@code {:noreply, state}}. */
    static <S> NoReply<S> noreply(S state) {
        return new NoReply<>(state, Next.NONE);
    }

    /** {@code {:noreply, state, timeout | :hibernate | {:continue, arg}}}. */
    static <S> NoReply<S> noreply(S state, Next next) {
        return new NoReply<>(state, next);
    }

    /** {@code {:noreply, state, timeout}}: an {@link IdleTimeout} info arrives if nothing else does first. */
    static <S> NoReply<S> noreply(S state, Duration idleTimeout) {
        return new NoReply<>(state, Next.timeout(idleTimeout));
    }

    /** {@code {:stop, reason, state}}: {@link GenServer#terminate} runs, then the process exits. */
    static <S> Stop<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, state);
    }
}
