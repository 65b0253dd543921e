package dev.genserver.app;

/**
 * A write whose outcome cannot be known: the cluster member running it died before answering, so it may or may not
 * have been applied. The HTTP layer answers 503 {@code indeterminate} with {@code Retry-After}; a client that
 * retries with the same {@code Idempotency-Key} gets the first answer if there was one, or applies it now.
 */
public final class OutcomeUnknownException extends RuntimeException {

    public OutcomeUnknownException() {
        super("the member handling the write was lost, or its backup did not confirm it, before it answered; it may or "
                + "may not have been applied");
    }
}
