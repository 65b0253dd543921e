package dev.genserver.session;

import java.io.Serializable;

/** The answer to creating a session: created, refused because the store is full, or the caller's id is taken. */
sealed interface Creation extends Serializable {

    /** {@code {:ok, session}}. */
    record Created(Session session) implements Creation { }

    /** {@code max-count} live sessions exist (after expired ones were dropped): nothing was created. */
    record Full() implements Creation { }

    /** The id the caller drew is held by a live session already: draw another (with 128 random bits, never). */
    record IdTaken() implements Creation { }
}
