package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.node.IntNode;

/**
 * Model-based properties: random sequences of put, get, delete, stats and clock moves give the same answers and
 * the same stats from the cache as from {@link CacheModel}. Few keys, small sizes and TTLs of a few milliseconds
 * (some with a fraction of a millisecond) make collisions, evictions and expiries at the boundary frequent.
 */
class CacheModelPropertyTest {

    sealed interface Op { }

    record Put(String key, int value) implements Op { }

    record Get(String key) implements Op { }

    record Delete(String key) implements Op { }

    record Stats() implements Op { }

    record Advance(long millis) implements Op { }

    @Property(tries = 1000)
    void lruTtlCache_answersAsTheModel(@ForAll @IntRange(min = 1, max = 4) int maxSize,
                                      @ForAll("ttls") Duration ttl, @ForAll("ops") List<Op> ops) {
        LruTtlCache cache = new LruTtlCache(maxSize, ttl);
        CacheModel model = new CacheModel(maxSize, ttl);
        long now = 1_000;
        for (Op op : ops) {
            switch (op) {
                case Put put -> {
                    cache.put(put.key(), IntNode.valueOf(put.value()), now);
                    model.put(put.key(), IntNode.valueOf(put.value()), now);
                }
                case Get get -> assertThat(cache.get(get.key(), now)).as("%s", op)
                        .isEqualTo(model.get(get.key(), now));
                case Delete delete -> assertThat(cache.delete(delete.key(), now)).as("%s", op)
                        .isEqualTo(model.delete(delete.key(), now));
                case Stats stats -> assertThat(cache.stats(now)).isEqualTo(model.stats(now));
                case Advance advance -> now += advance.millis();
            }
        }
        assertThat(cache.stats(now)).isEqualTo(model.stats(now));
    }

    /** The same through the real process: casts, calls and the injected clock. */
    @Property(tries = 25)
    void cacheProcess_answersAsTheModel(@ForAll @IntRange(min = 1, max = 4) int maxSize,
                                        @ForAll("ttls") Duration ttl, @ForAll("ops") List<Op> ops) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        CacheModel model = new CacheModel(maxSize, ttl);
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid pid = runtime.start(new CacheServer(maxSize, ttl, clock), StartOptions.DEFAULTS);
            for (Op op : ops) {
                long now = clock.millis();
                switch (op) {
                    case Put put -> {
                        pid.cast(new CacheServer.Put(put.key(), IntNode.valueOf(put.value())));
                        model.put(put.key(), IntNode.valueOf(put.value()), now);
                    }
                    case Get get -> assertThat(pid.call(new CacheServer.Get(get.key()))).as("%s", op)
                            .isEqualTo(model.get(get.key(), now));
                    case Delete delete -> assertThat(pid.call(new CacheServer.Delete(delete.key()))).as("%s", op)
                            .isEqualTo(model.delete(delete.key(), now));
                    case Stats stats -> assertThat(pid.call(new CacheServer.Stats())).isEqualTo(model.stats(now));
                    case Advance advance -> {
                        // A cast is handled later than it is sent: let it land before the clock moves.
                        pid.call(new CacheServer.Stats());
                        model.stats(now);
                        clock.advance(Duration.ofMillis(advance.millis()));
                    }
                }
            }
            assertThat(pid.call(new CacheServer.Stats())).isEqualTo(model.stats(clock.millis()));
        }
    }

    @Provide
    Arbitrary<Duration> ttls() {
        Arbitrary<Duration> whole = Arbitraries.longs().between(1, 6).map(Duration::ofMillis);
        Arbitrary<Duration> fractional = Arbitraries.longs().between(1, 6_000).map(Duration::ofNanos)
                .map(d -> d.multipliedBy(1_000));
        return Arbitraries.oneOf(whole, fractional);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e");
        Arbitrary<Op> put = Combinators.combine(keys, Arbitraries.integers().between(0, 9)).as(Put::new);
        Arbitrary<Op> get = keys.map(Get::new);
        Arbitrary<Op> delete = keys.map(Delete::new);
        Arbitrary<Op> stats = Arbitraries.just(new Stats());
        Arbitrary<Op> advance = Arbitraries.longs().between(0, 8).map(Advance::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(4, put), Tuple.of(4, get),
                        Tuple.of(1, delete), Tuple.of(1, stats),
                        Tuple.of(3, advance))
                .list().ofMaxSize(60);
    }
}
