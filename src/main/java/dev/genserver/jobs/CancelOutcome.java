package dev.genserver.jobs;

/** The answer to a cancel request: an error as a value, not an exception (the seed's "errors as return tuples"). */
enum CancelOutcome {
    /** The job was waiting and is gone. */
    CANCELLED,
    /** No such job (never submitted, cancelled, or finished and past retention). */
    NOT_FOUND,
    /** The job is running or finished: too late to cancel. */
    NOT_CANCELLABLE
}
