package dev.genserver.app;

/**
 * The identity of the client request this thread is handling, when the client gave it one (an
 * {@code Idempotency-Key}): the HTTP layer opens it around the handler, and the messages the request sends are
 * numbered under it ({@code id#1}, {@code id#2}, …). A retry of the request sends the same messages under the same
 * ids, which is how cluster mode recognises a message it already applied before a member was lost and answers it
 * again instead of applying it twice, and how a single instance finds the call that timed out on the first attempt
 * ({@link TimedOutCalls}). Without an identity, {@link #next()} is null and nothing is remembered.
 */
public final class RequestIds {

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private RequestIds() {
    }

    /** Makes {@code id} this thread's request until the scope is closed; its messages are numbered from 1. */
    public static Scope open(String id) {
        Scope scope = new Scope(id, CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The id of this request's next message, or null outside a request with an identity. */
    public static String next() {
        Scope scope = CURRENT.get();
        return scope == null ? null : scope.id + '#' + ++scope.sent;
    }

    /** An open request identity; closing it restores the one before. */
    public static final class Scope implements AutoCloseable {

        private final String id;
        private final Scope previous;
        private int sent;

        private Scope(String id, Scope previous) {
            this.id = id;
            this.previous = previous;
        }

        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }
}
