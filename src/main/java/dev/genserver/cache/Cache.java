package dev.genserver.cache;

import static dev.genserver.app.Refusal.Reason.EXPIRED;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;

import dev.genserver.app.Refusal;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Name;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The cache's client API ({@code ConfigurableCache.put/2}, {@code get/1}, {@code stats/0}, plus delete). Starts
 * the cache as a permanent child of the root supervisor, registered as {@code cache}, and addresses it by that
 * name, so a restart (which begins empty, as a restarted OTP process does) is invisible to callers; while it is
 * restarting, every method throws {@link dev.genserver.app.ServiceUnavailableException}.
 *
 * <p>Thread-safe: every method is a message to the cache process.
 */
@Component
public class Cache {

    static final Name NAME = Name.local("cache");

    private final Singleton process;

    Cache(ProcessDirectory directory, CacheProperties properties, Clock clock) {
        int maxSize = properties.maxSize();
        Duration ttl = properties.ttl();
        this.process = directory.singleton(NAME.toString(), null, () -> new CacheServer(maxSize, ttl, clock));
    }

    /** Stores any JSON value (a Java null is stored as JSON null); returns once the request is queued (a cast). */
    public void put(String key, JsonNode value) {
        process.cast(new CacheServer.Put(key, value == null ? NullNode.getInstance() : value));
    }

    /**
     * The value, refreshing the entry's recency and TTL (a call).
     *
     * @throws Refusal {@code not_found} if there is no entry; {@code expired} if its TTL had run out
     *     (the entry is removed, so the next get is a 404)
     */
    public JsonNode get(String key) {
        return switch (process.call(new CacheServer.Get(key))) {
            case Lookup.Hit hit -> hit.value();
            case Lookup.Missing missing -> throw new Refusal(NOT_FOUND, "no entry for this key");
            case Lookup.Expired expired ->
                    throw new Refusal(EXPIRED, "the entry's time to live had run out");
        };
    }

    /**
     * Removes the entry (a call).
     *
     * @throws Refusal {@code not_found} if there is no live entry (an expired one is removed too)
     */
    public void delete(String key) {
        if (!process.call(new CacheServer.Delete(key))) {
            throw new Refusal(NOT_FOUND, "no entry for this key");
        }
    }

    /** Size (live entries only), limits and counters (a call). */
    public CacheStats stats() {
        return process.call(new CacheServer.Stats());
    }
}
