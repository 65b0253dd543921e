package dev.genserver.cache;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The seed's {@code ConfigurableCache} with TTL and LRU eviction. The state is an {@link LruTtlCache} owned by
 * the process (one message at a time), which makes every operation O(1) where the seed's eviction scans all
 * entries ({@code Enum.min_by(state.access_times, …)}).
 *
 * <pre>{@code
 * def init({max_size, ttl}), do: {:ok, %__MODULE__{max_size: max_size, ttl: ttl, data: %{}, access_times: %{}}}
 *
 * def handle_call({:get, key}, _from, state)          case Get get -> get.reply(cache.get(get.key(), now), cache)
 *   # nil -> {:error, :not_found}; now - t > ttl -> {:error, :expired} (removed); else {:ok, value}, touched
 * def handle_call(:stats, _from, state)               case Stats stats -> stats.reply(cache.stats(now), cache)
 * def handle_cast({:put, key, value}, state)          case Put put -> cache.put(put.key(), put.value(), now)
 *   # evict_oldest(state) when full, then put with access time now
 * }</pre>
 *
 * Where the seed's code contradicts its intent, this follows the intent: a JSON null value is a hit (the seed's
 * {@code Map.get} cannot tell {@code nil} from a missing key, and answers {@code :not_found}); a put of a key already
 * held evicts nothing (the seed evicts the oldest whenever the map is full, even to overwrite, and the cache
 * shrinks); {@code size} counts live entries (the seed's {@code map_size} counts expired ones until read).
 *
 * <p>The seed has no delete; {@link Delete} is a call, as the key-value store's is, so the client learns whether
 * there was a live entry.
 */
final class CacheServer implements GenServer<LruTtlCache> {

    /** {@code {:get, key}}. */
    record Get(String key) implements Call<Lookup> { }

    /** Removes an entry; true if a live one was there. */
    record Delete(String key) implements Call<Boolean> { }

    /** {@code :stats}. */
    record Stats() implements Call<CacheStats> { }

    /** {@code {:put, key, value}} (a cast). */
    record Put(String key, JsonNode value) implements Serializable {
        Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    private final int maxSize;
    private final Duration ttl;
    private final Clock clock;

    CacheServer(int maxSize, Duration ttl, Clock clock) {
        this.maxSize = maxSize;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Init<LruTtlCache> init() {
        return Init.ok(new LruTtlCache(maxSize, ttl));
    }

    @Override
    public CallResult<LruTtlCache> handleCall(Call<?> request, From from, LruTtlCache cache) {
        return switch (request) {
            case Get get -> get.reply(cache.get(get.key(), clock.millis()), cache);
            case Delete delete -> delete.reply(cache.delete(delete.key(), clock.millis()), cache);
            case Stats stats -> stats.reply(cache.stats(clock.millis()), cache);
            default -> GenServer.super.handleCall(request, from, cache);
        };
    }

    @Override
    public Result<LruTtlCache> handleCast(Object message, LruTtlCache cache) {
        return switch (message) {
            case Put put -> {
                cache.put(put.key(), put.value(), clock.millis());
                yield Result.noreply(cache);
            }
            default -> GenServer.super.handleCast(message, cache);
        };
    }

    /**
     * Sizes and counters only, as {@code /api/cache/stats} shows them: a cache may hold anything, and the process
     * list must not show it. Expired entries are counted first, as a stats call would.
     */
    @Override
    public Object formatStatus(LruTtlCache cache) {
        return cache.stats(clock.millis());
    }
}
