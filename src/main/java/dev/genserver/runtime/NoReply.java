package dev.genserver.runtime;

import java.util.Objects;

/**
 * {@code {:noreply, state}} with an optional {@link Next}. From {@code handleCall} it means the caller is
 * answered later through {@link From#reply(Object)}.
 */
public record NoReply<S>(S state, Next next) implements Result<S> {
    /**
     * Checks that {@code next} is given: {@link Next#NONE} when there is none.
     *
     * @throws NullPointerException if {@code next} is null
     */
    public NoReply {
        Objects.requireNonNull(next, "next");
    }
}
