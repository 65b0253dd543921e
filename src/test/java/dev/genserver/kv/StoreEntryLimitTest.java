package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The store's side of {@code genserver.kv.max-entries}: whether a put keeps the store within the limit. The
 * refusal itself (409 {@code full}) is checked over HTTP in {@code dev.genserver.reliability.LimitsHttpTest}.
 */
class StoreEntryLimitTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid store = runtime.start(new KeyValueStoreServer());

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void admits_newKeysBelowTheLimit_butNotAtIt() {
        assertThat(store.call(new KeyValueStoreServer.Admits("a", 2))).isTrue();
        store.cast(new KeyValueStoreServer.Put("a", JSON.numberNode(1)));
        store.cast(new KeyValueStoreServer.Put("b", JSON.numberNode(2)));

        assertThat(store.call(new KeyValueStoreServer.Admits("c", 2))).isFalse();
    }

    @Test
    void admits_anExistingKeyInAFullStore_becauseOverwritingDoesNotGrowIt() {
        store.cast(new KeyValueStoreServer.Put("a", JSON.numberNode(1)));
        store.cast(new KeyValueStoreServer.Put("b", JSON.numberNode(2)));

        assertThat(store.call(new KeyValueStoreServer.Admits("b", 2))).isTrue();
    }

    @Test
    void admits_aNewKeyAgain_onceAnEntryIsDeleted() {
        store.cast(new KeyValueStoreServer.Put("a", JSON.numberNode(1)));
        store.call(new KeyValueStoreServer.Delete("a"));

        assertThat(store.call(new KeyValueStoreServer.Admits("c", 1))).isTrue();
    }
}
