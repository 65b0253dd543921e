package dev.genserver.runtime;

import java.util.Objects;

/**
 * {@code {:reply, value, state}} with an optional {@link Next}. Built only through {@link Call#reply}, which
 * checks the value against the reply type of the request it is called on: the constructor is not public, so no
 * reply of the wrong type can be made by hand. Build it from the request being handled: a reply made by another
 * request's type (erased at run time) reaches the caller as a {@code ClassCastException}.
 *
 * @param <S> the state type
 */
public final class Reply<S> implements CallResult<S> {

    private final Object value;
    private final S state;
    private final Next next;

    Reply(Object value, S state, Next next) {
        this.value = value;
        this.state = state;
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The value the caller gets. */
    public Object value() {
        return value;
    }

    /** The state the process goes on with. */
    public S state() {
        return state;
    }

    /** What happens after the reply: nothing, an idle timeout, or a continue. */
    public Next next() {
        return next;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply<?> reply && Objects.equals(value, reply.value)
                && Objects.equals(state, reply.state) && next.equals(reply.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, state, next);
    }

    @Override
    public String toString() {
        return "Reply[value=" + value + ", state=" + state + ", next=" + next + "]";
    }
}
