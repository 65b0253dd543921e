package dev.genserver.runtime;

import java.util.Objects;

/**
 * {@code {:noreply, state}} with an optional {@link Next}. From {@code handleCall} it means the caller is
 * answered later through {@link From#reply(Object)}.
 */
public record NoReply<S>(S state, Next next) implements Result<S> {
    public NoReply {
        Objects.requireNonNull(next, "next");
    }
}
