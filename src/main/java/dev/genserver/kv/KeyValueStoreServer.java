package dev.genserver.kv;

import java.io.Serializable;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The seed's {@code KeyValueStore}: the state is the map of entries.
 *
 * <p>The map is a {@link TreeMap} rather than the seed's hash map: put, get and delete cost O(log n) instead of
 * O(1), and in exchange a page of the sorted key list costs O(log n + page) instead of sorting every key on every
 * request. Keys compare as Java strings (UTF-16 code units), the order JavaScript's default sort uses too.
 *
 * <pre>{@code
 * def init(:ok), do: {:ok, %{}}
 * def handle_call({:get, key}, _from, state)       case Get get -> get.reply(Optional.ofNullable(map.get(key)), map)
 * def handle_call({:delete, key}, _from, state)    case Delete d -> d.reply(Optional.ofNullable(map.remove(key)), map)
 * def handle_call(:keys, _from, state)             case Keys keys -> keys.reply(page(...), map)
 * def handle_cast({:put, key, value}, state)       case Put put -> map.put(key, value)
 * def handle_cast(:clear, _state)                  case Clear c -> map.clear()
 * }</pre>
 *
 * <p>JSON null is a value (a {@code NullNode}, never Java null), so a key holding it is found by get and removed
 * by delete, which replies with it. The seed's delete matches {@code Map.pop}'s {@code {nil, _}} first, so it
 * answers {@code {:error, :not_found}} for a key holding {@code nil} and keeps it, though its get finds it.
 *
 * <p>With {@code genserver.kv.idle-timeout} set, every result carries it and the {@code :timeout} info stops the
 * store normally; unset, a store lives until it is deleted, as the seed's does.
 */
final class KeyValueStoreServer implements GenServer<TreeMap<String, JsonNode>> {

    /** {@code {:get, key}}: the value, or empty for the seed's {@code {:error, :not_found}}. */
    record Get(String key) implements Call.Query<Optional<JsonNode>> { }

    /** {@code {:delete, key}}: removes the entry and replies with its value, or empty if there was none. */
    record Delete(String key) implements Call<Optional<JsonNode>> { }

    /** {@code :keys}, paged: up to {@code limit} keys above {@code after} (null: from the first key). */
    record Keys(String after, int limit) implements Call.Query<KeyPage> { }

    /** How many entries the store holds. */
    record Size() implements Call.Query<Integer> { }

    /** Whether a put of {@code key} keeps the store within {@code limit} entries: the key exists, or there is room. */
    record Admits(String key, int limit) implements Call.Query<Boolean> { }

    /** {@code {:put, key, value}} (a cast); {@code value} is never Java null, JSON null is a {@code NullNode}. */
    record Put(String key, JsonNode value) implements Serializable { }

    /** {@code :clear} (a cast). */
    enum Clear { INSTANCE }

    private final Next idle;

    KeyValueStoreServer() {
        this(Next.NONE);
    }

    /** @param idle the idle timeout every result carries, or {@link Next#NONE} */
    KeyValueStoreServer(Next idle) {
        this.idle = idle;
    }

    @Override
    public Init<TreeMap<String, JsonNode>> init() {
        return Init.ok(new TreeMap<>(), idle);
    }

    @Override
    public CallResult<TreeMap<String, JsonNode>> handleCall(Call<?> request, From from,
                                                           TreeMap<String, JsonNode> entries) {
        return switch (request) {
            case Get get -> get.reply(Optional.ofNullable(entries.get(get.key())), entries, idle);
            case Delete delete -> delete.reply(Optional.ofNullable(entries.remove(delete.key())), entries, idle);
            case Keys keys -> keys.reply(page(entries, keys.after(), keys.limit()), entries, idle);
            case Size size -> size.reply(entries.size(), entries, idle);
            case Admits admits -> admits.reply(entries.size() < admits.limit() || entries.containsKey(admits.key()),
                    entries, idle);
            default -> GenServer.super.handleCall(request, from, entries);
        };
    }

    @Override
    public Result<TreeMap<String, JsonNode>> handleCast(Object message, TreeMap<String, JsonNode> entries) {
        switch (message) {
            case Put put -> entries.put(put.key(), put.value());
            case Clear clear -> entries.clear();
            default -> {
                return GenServer.super.handleCast(message, entries);
            }
        }
        return Result.noreply(entries, idle);
    }

    @Override
    public Result<TreeMap<String, JsonNode>> handleInfo(Object message, TreeMap<String, JsonNode> entries) {
        if (message == IdleTimeout.INSTANCE) {
            return Result.stop(ExitReason.NORMAL, entries);
        }
        GenServer.super.handleInfo(message, entries); // logs it; a stray message must not cancel the idle timeout
        return Result.noreply(entries, idle);
    }

    /** The size alone: keys are the clients' own data (an e-mail address is a fine key), as values are. */
    @Override
    public Object formatStatus(TreeMap<String, JsonNode> entries) {
        return Map.of("size", entries.size());
    }

    static KeyPage page(TreeMap<String, JsonNode> entries, String after, int limit) {
        NavigableMap<String, JsonNode> rest = after == null ? entries : entries.tailMap(after, false);
        List<String> keys = first(rest, limit);
        boolean more = keys.size() == limit && rest.higherKey(keys.getLast()) != null;
        return new KeyPage(keys, more ? keys.getLast() : null);
    }

    private static List<String> first(NavigableMap<String, JsonNode> entries, int limit) {
        List<String> keys = new ArrayList<>(Math.min(limit, entries.size()));
        for (String key : entries.keySet()) {
            if (keys.size() == limit) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }
}
