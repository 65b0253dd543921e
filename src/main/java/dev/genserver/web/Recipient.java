package dev.genserver.web;

/**
 * Which process a handler's message goes to, for {@link Calls} and {@link Casts}. Each kind adds the failures
 * that addressing such a process can meet; the documentation derives them from it.
 */
public enum Recipient {

    /** A named singleton ({@code dev.genserver.app.Singleton}): 503 {@code unavailable} while it restarts. */
    SINGLETON,

    /** An existing process addressed by the id or name in the path: 404 {@code noproc} once it is gone. */
    PROCESS_BY_ID,

    /** A process started on demand under a dynamic supervisor: 503 {@code max_children} at its limit. */
    NEW_PROCESS
}
