package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Stop;
import dev.genserver.testing.IdleTimeouts;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class KeyValueStoreServerTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid store = runtime.start(new KeyValueStoreServer());

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void seedSession_putGetKeysDeleteClear() {
        store.cast(new KeyValueStoreServer.Put("name", JSON.stringNode("Alice")));
        store.cast(new KeyValueStoreServer.Put("age", JSON.numberNode(30)));

        assertThat(store.call(new KeyValueStoreServer.Get("name"))).contains(JSON.stringNode("Alice"));
        assertThat(store.call(new KeyValueStoreServer.Get("missing"))).isEmpty();
        assertThat(store.call(new KeyValueStoreServer.Keys(null, 10)).keys()).containsExactly("age", "name");
        assertThat(store.call(new KeyValueStoreServer.Delete("age"))).contains(JSON.numberNode(30));
        assertThat(store.call(new KeyValueStoreServer.Delete("age"))).isEmpty();

        store.cast(KeyValueStoreServer.Clear.INSTANCE);
        assertThat(store.call(new KeyValueStoreServer.Size())).isZero();
    }

    @Test
    void jsonNull_isAStoredValue_notAMissingOne() {
        store.cast(new KeyValueStoreServer.Put("nothing", JSON.nullNode()));

        Optional<JsonNode> value = store.call(new KeyValueStoreServer.Get("nothing"));
        assertThat(value).hasValueSatisfying(node -> assertThat(node.isNull()).isTrue());
        assertThat(store.call(new KeyValueStoreServer.Delete("nothing"))).isPresent();
        assertThat(store.call(new KeyValueStoreServer.Get("nothing"))).isEmpty(); // removed, unlike the seed's
    }

    @Test
    void put_overwritesTheValue_andKeepsOneEntry() {
        store.cast(new KeyValueStoreServer.Put("k", JSON.numberNode(new BigDecimal("1.10"))));
        store.cast(new KeyValueStoreServer.Put("k", JSON.booleanNode(true)));

        assertThat(store.call(new KeyValueStoreServer.Get("k"))).contains(JSON.booleanNode(true));
        assertThat(store.call(new KeyValueStoreServer.Size())).isEqualTo(1);
    }

    @Test
    void keys_areSortedAndPaged_withNextOnlyWhileMoreFollow() {
        for (String key : new String[] {"d", "b", "é", "a", "c", "Z"}) {
            store.cast(new KeyValueStoreServer.Put(key, JSON.nullNode()));
        }

        KeyPage first = store.call(new KeyValueStoreServer.Keys(null, 4));
        assertThat(first.keys()).containsExactly("Z", "a", "b", "c");
        assertThat(first.next()).isEqualTo("c");

        KeyPage second = store.call(new KeyValueStoreServer.Keys(first.next(), 4));
        assertThat(second.keys()).containsExactly("d", "é");
        assertThat(second.next()).isNull();
    }

    @Test
    void keys_pageEndingExactlyAtTheLastKey_hasNoNext() {
        store.cast(new KeyValueStoreServer.Put("a", JSON.nullNode()));
        store.cast(new KeyValueStoreServer.Put("b", JSON.nullNode()));

        assertThat(store.call(new KeyValueStoreServer.Keys(null, 2))).isEqualTo(new KeyPage(
                java.util.List.of("a", "b"), null));
        assertThat(store.call(new KeyValueStoreServer.Keys("b", 2)).keys()).isEmpty();
    }

    @Test
    void formatStatus_ofALargeStore_showsTheSizeOnly_noKeyOfTheClients() {
        for (int i = 0; i < 5_000; i++) {
            store.cast(new KeyValueStoreServer.Put("key-%05d".formatted(i), JSON.numberNode(i)));
        }

        Object status = runtime.status(store, Duration.ofSeconds(5));

        assertThat(status).isEqualTo(Map.of("size", 5_000));
    }

    /** With an idle timeout, every result carries it (a stray info too), and the timeout stops the store normally. */
    @Test
    void withAnIdleTimeout_everyResultCarriesIt_andTheTimeoutStopsTheStoreNormally() {
        Next idle = Next.timeout(Duration.ofMinutes(1));
        KeyValueStoreServer server = new KeyValueStoreServer(idle);
        TreeMap<String, JsonNode> entries = new TreeMap<>();

        assertThat(List.of(IdleTimeouts.nextOf(server.init()),
                IdleTimeouts.nextOf(server.handleCast(new KeyValueStoreServer.Put("k",
                        JsonNodeFactory.instance.numberNode(1)), entries)),
                IdleTimeouts.nextOf(server.handleCall(new KeyValueStoreServer.Get("k"), null, entries)),
                IdleTimeouts.nextOf(server.handleCall(new KeyValueStoreServer.Keys(null, 10), null, entries)),
                IdleTimeouts.nextOf(server.handleCall(new KeyValueStoreServer.Size(), null, entries)),
                IdleTimeouts.nextOf(server.handleCall(new KeyValueStoreServer.Admits("k", 1), null, entries)),
                IdleTimeouts.nextOf(server.handleCall(new KeyValueStoreServer.Delete("k"), null, entries)),
                IdleTimeouts.nextOf(server.handleCast(KeyValueStoreServer.Clear.INSTANCE, entries)),
                IdleTimeouts.nextOf(server.handleInfo("stray", entries)))).containsOnly(idle);
        assertThat(server.handleInfo(IdleTimeout.INSTANCE, entries)).isInstanceOfSatisfying(Stop.class,
                stop -> assertThat(stop.reason()).isEqualTo(ExitReason.NORMAL));
    }
}
