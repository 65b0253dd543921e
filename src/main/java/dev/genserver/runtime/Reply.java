package dev.genserver.runtime;

import java.util.Objects;

/**
 * {@code {:reply, value, state}} with an optional {@link Next}. Built through {@link Call#reply}, which checks
 * the value against the request's reply type.
 */
public record Reply<S>(Object value, S state, Next next) implements CallResult<S> {
    public Reply {
        Objects.requireNonNull(next, "next");
    }
}
