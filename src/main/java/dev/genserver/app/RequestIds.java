package dev.genserver.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The identity of the client request this thread is handling, when the client gave it one (an
 * {@code Idempotency-Key}): the HTTP layer opens it around the handler, and the messages the request sends are
 * numbered under it ({@code id#1}, {@code id#2}, …). A retry of the request sends the same messages under the same
 * ids, which is how cluster mode recognises a message it already applied before a member was lost and answers it
 * again instead of applying it twice, and how a single instance finds the call that timed out on the first attempt
 * ({@link TimedOutCalls}). Without an identity, {@link #next()} is null and nothing is remembered.
 *
 * <p>A request answered with a refusal that tells its client to retry (429, 503) must have its retry handled as a
 * first request: whatever remembered its messages registers here how to forget them ({@link #remembered}), and the
 * HTTP layer has them forgotten ({@link Scope#forgetMessages()}), unless a message's outcome is unknown
 * ({@link #outcomeUnknown()}): that one may have been applied, and only the memory keeps its retry from applying it
 * again.
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

    /** A message of this thread's request was remembered; {@code forget} forgets it. Nothing outside a request. */
    public static void remembered(Runnable forget) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.forgets.add(forget);
        }
    }

    /** A message of this thread's request may or may not have been applied: its memory must stay. */
    public static void outcomeUnknown() {
        Scope scope = CURRENT.get();
        if (scope != null) {
            scope.outcomeUnknown = true;
        }
    }

    /** An open request identity; closing it restores the one before. */
    public static final class Scope implements AutoCloseable {

        private final String id;
        private final Scope previous;
        private final List<Runnable> forgets = new ArrayList<>();
        private int sent;
        private boolean outcomeUnknown;

        private Scope(String id, Scope previous) {
            this.id = id;
            this.previous = previous;
        }

        /**
         * Forgets the messages this request sent and that were remembered, unless the outcome of one is unknown. A
         * forget that fails leaves that message remembered until its memory ends (a minute in cluster mode).
         */
        public void forgetMessages() {
            for (Runnable forget : outcomeUnknown ? List.<Runnable>of() : forgets) {
                try {
                    forget.run();
                } catch (RuntimeException unreachable) { // a member lost, too few in sight: remembered a while yet
                }
            }
            forgets.clear();
        }

        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }
}
