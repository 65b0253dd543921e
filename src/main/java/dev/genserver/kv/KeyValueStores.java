package dev.genserver.kv;

import static dev.genserver.app.Refusal.Reason.FULL;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;

import dev.genserver.app.Refusal;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.Listing;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Next;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The key-value stores' client API ({@code KeyValueStore.start_link/1}, {@code put/3}, {@code get/2}, …): one
 * process per store, under a random id ({@code name: {:via, Registry, {KV, id}}}). Every operation on an unknown
 * or stopped id is {@code noproc} (see {@link KeyedProcesses}).
 */
@Component
public class KeyValueStores {

    static final String SERVICE = "kv";
    /** The refusal of a new key at {@code max-entries}, of it. */
    static final String FULL_STORE = "the store holds its maximum of %d entries; overwrite or delete one";

    private final KeyedProcesses stores;
    private final int maxEntries;
    private final Next idle;

    KeyValueStores(ProcessDirectory directory, KvProperties properties) {
        this.maxEntries = properties.maxEntries();
        this.idle = Next.timeoutOrNone(properties.idleTimeout());
        this.stores = directory.keyed(SERVICE, SERVICE, SERVICE, properties.maxCount(), properties.idleTimeout(),
                () -> new KeyValueStoreServer(idle));
    }

    /** A new, empty store under an unguessable id; {@code max_children} at {@code max-count} stores. */
    public String create() {
        return stores.create(() -> new KeyValueStoreServer(idle));
    }

    /** Ids of the stores that exist now, sorted, one page of them: those after {@code after} (null: the first). */
    public Listing ids(String after) {
        return Listing.of(stores, after);
    }

    /** The most entries a store holds ({@code max-entries}). */
    int maxEntries() {
        return maxEntries;
    }

    /** How many entries the store holds (a call). */
    public int size(String id) {
        return stores.call(id, new KeyValueStoreServer.Size());
    }

    /**
     * {@code put/3} (a cast), or {@code full} for a new key at {@code max-entries}. Room is asked first with a call,
     * for the reason {@link dev.genserver.stack.Stacks#push} gives: no accepted put is ever dropped.
     */
    public void put(String id, String key, JsonNode value) {
        if (!stores.call(id, new KeyValueStoreServer.Admits(key, maxEntries))) {
            throw new Refusal(FULL, String.format(Locale.ROOT, FULL_STORE, maxEntries));
        }
        stores.cast(id, new KeyValueStoreServer.Put(key, value));
    }

    /** {@code get/2} (a call); {@code not_found} if the key is absent. */
    public JsonNode get(String id, String key) {
        return stores.call(id, new KeyValueStoreServer.Get(key)).orElseThrow(KeyValueStores::keyNotFound);
    }

    /** {@code delete/2} (a call, as in the seed): removes the entry and returns its value; else {@code not_found}. */
    public JsonNode delete(String id, String key) {
        return stores.call(id, new KeyValueStoreServer.Delete(key)).orElseThrow(KeyValueStores::keyNotFound);
    }

    /** {@code keys/1}, one sorted page of at most {@code limit} keys after {@code after} (null: from the start). */
    public KeyPage keys(String id, String after, int limit) {
        return stores.call(id, new KeyValueStoreServer.Keys(after, limit));
    }

    /** {@code clear/1} (a cast). */
    public void clear(String id) {
        stores.cast(id, KeyValueStoreServer.Clear.INSTANCE);
    }

    /** Stops the store as its supervisor does ({@code terminate_child}); afterwards the id is unknown. */
    public void stop(String id) {
        stores.stop(id);
    }

    private static Refusal keyNotFound() {
        return new Refusal(NOT_FOUND, "no entry under this key");
    }
}
