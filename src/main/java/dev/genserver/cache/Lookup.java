package dev.genserver.cache;

import java.io.Serializable;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a get: the seed's {@code {:ok, value}}, {@code {:error, :not_found}} or {@code {:error, :expired}}.
 * Protocol answers, not exceptions: an exception would crash the cache process.
 */
sealed interface Lookup extends Serializable {

    /** {@code {:ok, value}}; a JSON null is a {@code NullNode}, never a Java null. */
    record Hit(JsonNode value) implements Lookup {
        public Hit {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code {:error, :not_found}}. */
    enum Missing implements Lookup { INSTANCE }

    /** {@code {:error, :expired}}: the entry was there but its TTL had run out; it is removed now. */
    enum Expired implements Lookup { INSTANCE }
}
