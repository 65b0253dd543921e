package dev.genserver.bench;

/**
 * The seed's Counter as each implementation under test runs it: a process (or the plain-object limit) that
 * owns a count. Thread-safe in every implementation.
 */
interface CounterProcess {

    /** A call round trip: adds one and answers the new count. */
    long increment();

    /** A cast: adds one and returns once the message is queued. */
    void add();
}
