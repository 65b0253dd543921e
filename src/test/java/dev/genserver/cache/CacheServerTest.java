package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/** The cache process with the seed's settings (max_size 3, ttl 10) and a clock moved by hand. */
class CacheServerTest {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid cache = runtime.start(new CacheServer(3, Duration.ofSeconds(10), clock),
            StartOptions.DEFAULTS);

    @AfterEach
    void close() {
        runtime.close();
    }

    /**
     * A cast, then a call that is handled after it: a cast is handled some time after it is sent, and a test
     * that moves the clock must know the put has already read it.
     */
    private void put(String key, JsonNode value) {
        cache.cast(new CacheServer.Put(key, value));
        cache.call(new CacheServer.Stats());
    }

    @Test
    void seedSession_putAB_getA_statsSizeTwoMaxThreeTtlTen() {
        put("a", IntNode.valueOf(1));
        put("b", IntNode.valueOf(2));

        assertThat(cache.call(new CacheServer.Get("a"))).isEqualTo(new Lookup.Hit(IntNode.valueOf(1)));
        assertThat(cache.call(new CacheServer.Stats()))
                .isEqualTo(new CacheStats(2, 3, BigDecimal.TEN, 1, 0, 0, 0));
    }

    @Test
    void putCD_afterReadingA_evictsB() {
        put("a", IntNode.valueOf(1));
        put("b", IntNode.valueOf(2));
        clock.advance(Duration.ofSeconds(1));
        cache.call(new CacheServer.Get("a"));
        put("c", IntNode.valueOf(3));
        put("d", IntNode.valueOf(4));

        assertThat(cache.call(new CacheServer.Get("b"))).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(cache.call(new CacheServer.Stats()).evictions()).isEqualTo(1);
        assertThat(cache.call(new CacheServer.Get("a"))).isEqualTo(new Lookup.Hit(IntNode.valueOf(1)));
    }

    @Test
    void get_atExactlyTtl_isHit_oneMillisecondPastIt_isExpired() {
        put("k", StringNode.valueOf("v"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(cache.call(new CacheServer.Get("k"))).isInstanceOf(Lookup.Hit.class);

        clock.advance(Duration.ofSeconds(10).plusMillis(1));

        assertThat(cache.call(new CacheServer.Get("k"))).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(cache.call(new CacheServer.Get("k"))).isEqualTo(Lookup.Missing.INSTANCE);
        CacheStats stats = cache.call(new CacheServer.Stats());
        assertThat(stats.expirations()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(2);
        assertThat(stats.evictions()).isZero();
    }

    @Test
    void delete_liveIsTrue_expiredOrMissingIsFalse() {
        put("live", IntNode.valueOf(1));
        assertThat(cache.call(new CacheServer.Delete("live"))).isTrue();
        assertThat(cache.call(new CacheServer.Delete("live"))).isFalse();

        put("old", IntNode.valueOf(1));
        clock.advance(Duration.ofSeconds(11));
        assertThat(cache.call(new CacheServer.Delete("old"))).isFalse();
        assertThat(cache.call(new CacheServer.Stats()).size()).isZero();
    }

    @Test
    void status_showsSizesNotValues() {
        put("secret", StringNode.valueOf("hunter2"));

        assertThat(runtime.status(cache, Duration.ofSeconds(1)).toString())
                .contains("size=1").doesNotContain("hunter2").doesNotContain("secret");
    }
}
