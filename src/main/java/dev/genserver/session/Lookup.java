package dev.genserver.session;

import java.io.Serializable;

/** The answer to reading or removing a session: the seed's {@code {:ok, session}}, {@code {:error, :not_found}}
 * and {@code {:error, :expired}}. */
sealed interface Lookup extends Serializable {

    record Found(Session session) implements Lookup { }

    record NotFound() implements Lookup { }

    record Expired() implements Lookup { }
}
