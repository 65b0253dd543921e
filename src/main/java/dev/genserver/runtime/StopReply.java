package dev.genserver.runtime;

import java.util.Objects;

/**
 * {@code {:stop, reason, reply, state}}: {@code terminate} runs with {@code state}, then the caller gets
 * {@code reply}, as in OTP; and only once the process has exited with {@code reason} (its name free, its monitors
 * told), where OTP sends the reply just before the exit, so the caller may start a successor under the name at
 * once. A kill while {@code terminate} runs fails the caller instead. Built only through {@link Call#stop}, which
 * checks the reply against the request's reply type.
 *
 * @param <S> the state type
 */
public final class StopReply<S> implements CallResult<S> {

    private final ExitReason reason;
    private final Object reply;
    private final S state;

    StopReply(ExitReason reason, Object reply, S state) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.reply = reply;
        this.state = state;
    }

    /** The reason the process exits with, after {@code terminate}. */
    public ExitReason reason() {
        return reason;
    }

    /** The value the caller gets once the process has terminated. */
    public Object reply() {
        return reply;
    }

    /** The state {@code terminate} sees. */
    public S state() {
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StopReply<?> stop && reason.equals(stop.reason) && Objects.equals(reply, stop.reply)
                && Objects.equals(state, stop.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, reply, state);
    }

    @Override
    public String toString() {
        return "StopReply[reason=" + reason + ", reply=" + reply + ", state=" + state + "]";
    }
}
