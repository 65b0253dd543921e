package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#init()} returns. {@code start} returns only after {@code init} has, as
 * {@code GenServer.start_link/3} does, so a started process is ready for its first message.
 *
 * <pre>{@code
 * {:ok, state}                     Init.ok(state)
 * {:ok, state, timeout}            Init.ok(state, Duration.ofSeconds(60))
 * {:ok, state, {:continue, arg}}   Init.ok(state, Next.continueWith(arg))
 * :ignore                          Init.ignore()
 * {:stop, reason}                  Init.stop(ExitReason.abnormal("bad_config"))
 * }</pre>
 *
 * @param <S> the server's state type
 */
public sealed interface Init<S> {

    /** {@code {:ok, state}}. */
    static <S> Init<S> ok(S state) {
        return new Ok<>(state, Next.NONE);
    }

    /** {@code {:ok, state, timeout}}: an {@link IdleTimeout} arrives if no message comes within it. */
    static <S> Init<S> ok(S state, Duration idleTimeout) {
        return new Ok<>(state, Next.timeout(idleTimeout));
    }

    /** {@code {:ok, state, timeout | :hibernate | {:continue, arg}}}. */
    static <S> Init<S> ok(S state, Next next) {
        return new Ok<>(state, next);
    }

    /** The process is not started; {@code start} throws {@link StartIgnoredException}, supervisors skip it. */
    static <S> Init<S> ignore() {
        return new Ignore<>();
    }

    /** The process is not started; {@code start} throws {@link InitFailedException} with this reason. */
    static <S> Init<S> stop(ExitReason reason) {
        return new StopInit<>(reason);
    }

    /** {@code {:ok, state}} with an optional {@link Next}. */
    record Ok<S>(S state, Next next) implements Init<S> {
        /**
         * Checks that {@code next} is given: {@link Next#NONE} when there is none.
         *
         * @throws NullPointerException if {@code next} is null
         */
        public Ok {
            Objects.requireNonNull(next, "next");
        }
    }

    /** {@code :ignore}. */
    record Ignore<S>() implements Init<S> { }

    /** {@code {:stop, reason}}. */
    record StopInit<S>(ExitReason reason) implements Init<S> {
        /**
         * Checks that the reason is given.
         *
         * @throws NullPointerException if {@code reason} is null
         */
        public StopInit {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
