package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The cache's serialized form (how its state crosses cluster members): a full cache of 10,000 entries, part of it
 * expired, comes back with the same LRU order, access times, expired prefix and counters, so every later operation
 * answers as on the original. Written and read in a loop: the JDK's default form of the linked list would recurse
 * once per entry.
 */
class LruTtlCacheSerializationTest {

    private static final int SIZE = 10_000;
    private static final long T0 = 1_000_000;
    private static final Duration TTL = Duration.ofSeconds(10);

    @Test
    void aFullCacheOf10000Entries_roundTrips_withItsLruOrderTtlsAndCounters() {
        LruTtlCache original = new LruTtlCache(SIZE, TTL);
        for (int i = 0; i < SIZE; i++) {
            original.put("k" + i, i % 2 == 0 ? IntNode.valueOf(i) : object(i), T0 + i);
        }
        original.get("k0", T0 + SIZE);                  // k0 becomes the most recent
        long now = T0 + SIZE + 500;                     // k1 … k499 are past their TTL
        CacheStats before = original.stats(now);
        assertThat(before.expirations()).isEqualTo(499);

        LruTtlCache copy = roundTrip(original);

        assertThat(copy.stats(now)).isEqualTo(before);
        // the same operations on both: 600 new keys take the 499 expired slots, then evict the 101 least recent
        for (LruTtlCache cache : List.of(original, copy)) {
            IntStream.range(0, 600).forEach(i -> cache.put("new" + i, IntNode.valueOf(i), now));
        }
        assertThat(copy.get("k500", now)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(copy.get("k600", now)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(copy.get("k602", now)).isEqualTo(new Lookup.Hit(IntNode.valueOf(602)));
        assertThat(copy.get("k0", now)).isEqualTo(new Lookup.Hit(IntNode.valueOf(0)));
        original.get("k500", now);
        original.get("k600", now);
        original.get("k602", now);
        original.get("k0", now);
        long later = T0 + 15_000;                       // entries last touched before T0 + 5,000 have expired since
        for (int i = 0; i < SIZE; i++) {
            assertThat(copy.get("k" + i, later)).as("k" + i).isEqualTo(original.get("k" + i, later));
        }
        assertThat(copy.stats(later)).isEqualTo(original.stats(later));
    }

    /** An expired entry keeps its key (it answers expired once) but not its value, in memory or in its copies. */
    @Test
    void anExpiredValue_isNoLongerHeld_yetItsKeyStillAnswersExpired() {
        LruTtlCache cache = new LruTtlCache(3, TTL);
        cache.put("big", JsonNodeFactory.instance.stringNode("x".repeat(100_000)), T0);
        int live = serialized(cache).length;

        cache.stats(T0 + TTL.toMillis() + 1); // the boundary passes it
        byte[] expired = serialized(cache);
        LruTtlCache copy = roundTrip(cache);

        assertThat(live).isGreaterThan(100_000);
        assertThat(expired.length).isLessThan(2_000);
        assertThat(copy.get("big", T0 + TTL.toMillis() + 2)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(cache.get("big", T0 + TTL.toMillis() + 2)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(copy.get("big", T0 + TTL.toMillis() + 3)).isEqualTo(Lookup.Missing.INSTANCE);
    }

    @Test
    void anEmptyCache_roundTrips() {
        LruTtlCache copy = roundTrip(new LruTtlCache(3, TTL));

        copy.put("a", IntNode.valueOf(1), T0);
        assertThat(copy.get("a", T0)).isEqualTo(new Lookup.Hit(IntNode.valueOf(1)));
        assertThat(copy.stats(T0).maxSize()).isEqualTo(3);
    }

    @Test
    void jsonNull_andAValueNestedAsDeepAsAParserAccepts_roundTrip() {
        JsonNode deep = IntNode.valueOf(1);
        for (int depth = 1; depth <= StreamReadConstraints.defaults().getMaxNestingDepth(); depth++) {
            deep = JsonNodeFactory.instance.arrayNode().add(deep);
        }
        JsonNode accepted = JsonMapper.shared().readTree(JsonMapper.shared().writeValueAsBytes(deep));
        LruTtlCache cache = new LruTtlCache(2, TTL);
        cache.put("null", NullNode.getInstance(), T0);
        cache.put("deep", accepted, T0);

        LruTtlCache copy = roundTrip(cache);

        assertThat(copy.get("null", T0)).isEqualTo(new Lookup.Hit(NullNode.getInstance()));
        assertThat(copy.get("deep", T0)).isEqualTo(new Lookup.Hit(accepted));
    }

    private static JsonNode object(int i) {
        return JsonNodeFactory.instance.objectNode().put("n", i).set("list",
                JsonNodeFactory.instance.arrayNode().add(i).add("x"));
    }

    private static LruTtlCache roundTrip(LruTtlCache cache) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized(cache)))) {
            return (LruTtlCache) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialized(LruTtlCache cache) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
