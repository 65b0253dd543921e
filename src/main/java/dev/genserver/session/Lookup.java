package dev.genserver.session;

/** The answer to reading or removing a session: the seed's {@code {:ok, session}}, {@code {:error, :not_found}}
 * and {@code {:error, :expired}}. */
sealed interface Lookup {

    record Found(Session session) implements Lookup { }

    record NotFound() implements Lookup { }

    record Expired() implements Lookup { }
}
