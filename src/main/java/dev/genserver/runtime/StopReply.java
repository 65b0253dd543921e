package dev.genserver.runtime;

import java.util.Objects;

/** {@code {:stop, reason, reply, state}}: the caller gets {@code reply}, then the process terminates. */
public record StopReply<S>(ExitReason reason, Object reply, S state) implements CallResult<S> {
    public StopReply {
        Objects.requireNonNull(reason, "reason");
    }
}
