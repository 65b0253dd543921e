package dev.genserver.runtime;

import java.util.Objects;

/** {@code {:stop, reason, state}}: {@link GenServer#terminate} runs with {@code state}, then the process exits. */
public record Stop<S>(ExitReason reason, S state) implements Result<S> {
    /**
     * Checks that the reason is given.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public Stop {
        Objects.requireNonNull(reason, "reason");
    }
}
