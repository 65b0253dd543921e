package dev.genserver.runtime;

import java.io.Serializable;

/**
 * A synchronous request whose reply has type {@code R}: the Java form of the term passed to
 * {@code GenServer.call/2}.
 *
 * <p>Why a type parameter on the request: {@link Pid#call(Call)} returns {@code R}, so
 * {@code counter.call(new Increment())} is a {@code Long} without a cast, and the server builds its answer
 * through {@link #reply(Object, Object)}, which only accepts an {@code R}. The compiler checks both ends of the
 * conversation against the one declaration {@code record Increment() implements Call<Long>}; no registry of
 * message classes or reflection is involved.
 *
 * <pre>{@code
 * # Elixir                                         // Java
 * def handle_call(:increment, _from, n) do         case Increment inc -> inc.reply(n + 1, n + 1);
 *   {:reply, n + 1, n + 1}
 * end
 * }</pre>
 *
 * <p>Serializable, so that a host running its processes on several machines can send a request to the one that
 * holds its process.
 *
 * @param <R> the reply type
 */
public interface Call<R> extends Serializable {

    /**
     * A call that only reads: its handler answers from the state and returns it unchanged. The runtime treats it
     * as any call; a host that keeps the state replicated elsewhere may answer it without writing the state to a
     * backup (the service's cluster mode still has the backup confirm the state read, unless its
     * {@code confirmed-reads} is off). A handler that changes the state on a query breaks that promise.
     *
     * @param <R> the reply type
     */
    interface Query<R> extends Call<R> {
    }

    /** {@code {:reply, value, state}}. */
    default <S> Reply<S> reply(R value, S state) {
        return new Reply<>(value, state, Next.NONE);
    }

    /** {@code {:reply, value, state, timeout | :hibernate | {:continue, arg}}}. */
    default <S> Reply<S> reply(R value, S state, Next next) {
        return new Reply<>(value, state, next);
    }

    /** {@code {:stop, reason, value, state}}: {@code terminate} runs, the process exits, then the caller gets it. */
    default <S> StopReply<S> stop(ExitReason reason, R value, S state) {
        return new StopReply<>(reason, value, state);
    }

    /** Completes a deferred call ({@code GenServer.reply/2}) with a value checked against {@code R}. */
    default void replyLater(From from, R value) {
        from.reply(value);
    }
}
