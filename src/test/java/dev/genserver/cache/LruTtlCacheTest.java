package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;

/** The data structure alone, with time as plain milliseconds. */
class LruTtlCacheTest {

    private static final long T0 = 1_000_000;
    private static final Duration TTL = Duration.ofSeconds(10);

    private final LruTtlCache cache = new LruTtlCache(3, TTL);

    @Test
    void seedSession_putTwice_getA_statsShowTwoEntries() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0);

        assertThat(cache.get("a", T0)).isEqualTo(new Lookup.Hit(num(1)));
        assertThat(cache.stats(T0)).isEqualTo(new CacheStats(2, 3, BigDecimal.TEN, 1, 0, 0, 0));
    }

    @Test
    void putNewKeyIntoFullCache_evictsTheLeastRecentlyAccessed() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0);
        cache.get("a", T0);
        cache.put("c", num(3), T0);

        cache.put("d", num(4), T0);

        assertThat(cache.get("b", T0)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(cache.get("a", T0)).isEqualTo(new Lookup.Hit(num(1)));
        assertThat(cache.stats(T0).evictions()).isEqualTo(1);
        assertThat(cache.stats(T0).size()).isEqualTo(3);
    }

    @Test
    void overwriteInFullCache_evictsNothing_andRefreshesRecency() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0);
        cache.put("c", num(3), T0);

        cache.put("a", num(10), T0);
        cache.put("d", num(4), T0);

        assertThat(cache.get("a", T0)).isEqualTo(new Lookup.Hit(num(10)));
        assertThat(cache.get("b", T0)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(cache.stats(T0).evictions()).isEqualTo(1);
    }

    @Test
    void get_atExactlyTtl_isHit_andOneMillisecondLater_isExpiredThenMissing() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0);

        assertThat(cache.get("a", T0 + 10_000)).isEqualTo(new Lookup.Hit(num(1)));
        assertThat(cache.get("b", T0 + 10_001)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(cache.get("b", T0 + 10_001)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(cache.stats(T0 + 10_001))
                .isEqualTo(new CacheStats(1, 3, BigDecimal.TEN, 1, 2, 0, 1));
    }

    @Test
    void get_refreshesTheTtl() {
        cache.put("a", num(1), T0);
        cache.get("a", T0 + 8_000);

        assertThat(cache.get("a", T0 + 18_000)).isEqualTo(new Lookup.Hit(num(1)));
    }

    @Test
    void size_excludesExpiredEntries_whichStillAnswerExpired() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0 + 5_000);

        assertThat(cache.stats(T0 + 10_001).size()).isEqualTo(1);
        assertThat(cache.stats(T0 + 10_001).expirations()).isEqualTo(1);
        assertThat(cache.get("a", T0 + 10_001)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(cache.stats(T0 + 10_001).expirations()).isEqualTo(1);
    }

    @Test
    void delete_ofExpiredEntry_isFalse_andRemovesIt() {
        cache.put("a", num(1), T0);

        assertThat(cache.delete("a", T0 + 10_001)).isFalse();
        assertThat(cache.get("a", T0 + 10_001)).isEqualTo(Lookup.Missing.INSTANCE);
        assertThat(cache.delete("missing", T0)).isFalse();
    }

    @Test
    void delete_ofLiveEntry_isTrue() {
        cache.put("a", num(1), T0);

        assertThat(cache.delete("a", T0)).isTrue();
        assertThat(cache.stats(T0).size()).isZero();
    }

    @Test
    void newKeyWhenTheLruEntryHasExpired_takesItsSlotAsAnExpiration_notAnEviction() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0 + 5_000);
        cache.put("c", num(3), T0 + 5_000);

        cache.put("d", num(4), T0 + 10_001);

        CacheStats stats = cache.stats(T0 + 10_001);
        assertThat(stats.evictions()).isZero();
        assertThat(stats.expirations()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(3);
        assertThat(cache.get("b", T0 + 10_001)).isEqualTo(new Lookup.Hit(num(2)));
    }

    @Test
    void putOverAnExpiredKey_storesAFreshEntry_withoutEviction() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0 + 5_000);
        cache.put("c", num(3), T0 + 5_000);

        cache.put("a", num(10), T0 + 10_001);

        assertThat(cache.get("a", T0 + 10_001)).isEqualTo(new Lookup.Hit(num(10)));
        assertThat(cache.stats(T0 + 10_001)).isEqualTo(new CacheStats(3, 3, BigDecimal.TEN, 1, 0, 0, 1));
    }

    @Test
    void clockSteppingBack_neverRevivesOrReordersEntries() {
        cache.put("a", num(1), T0);
        cache.put("b", num(2), T0 - 60_000);

        // b is stamped with the latest time seen (T0), not with the earlier one: still live at T0 + ttl.
        assertThat(cache.get("b", T0 + 10_000)).isEqualTo(new Lookup.Hit(num(2)));
        cache.put("c", num(3), T0 + 10_001);
        // A read at an earlier wall-clock time does not make an expired entry live again.
        assertThat(cache.get("a", T0)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(cache.get("c", T0 + 20_001)).isEqualTo(new Lookup.Hit(num(3)));
    }

    @Test
    void jsonNull_isAValue() {
        cache.put("n", NullNode.getInstance(), T0);

        assertThat(cache.get("n", T0)).isEqualTo(new Lookup.Hit(NullNode.getInstance()));
    }

    @Test
    void fractionalTtl_expiresAfterItsWholeMillisecondsArePassed() {
        LruTtlCache half = new LruTtlCache(1, Duration.ofNanos(1_500_000));
        half.put("a", num(1), T0);

        assertThat(half.get("a", T0 + 1)).isEqualTo(new Lookup.Hit(num(1)));
        assertThat(half.get("a", T0 + 3)).isEqualTo(Lookup.Expired.INSTANCE);
        assertThat(half.stats(T0).ttl()).isEqualByComparingTo("0.0015");
    }

    @Test
    void constructor_rejectsZeroSizeAndNonPositiveTtl() {
        assertThatThrownBy(() -> new LruTtlCache(0, TTL)).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> new LruTtlCache(1, Duration.ZERO)).hasMessageContaining("ttl");
    }

    @Test
    void statsTtl_isWrittenInPlainSeconds() {
        assertThat(CacheStats.seconds(Duration.ofSeconds(3600)).toString()).isEqualTo("3600");
        assertThat(CacheStats.seconds(Duration.ofSeconds(10)).toString()).isEqualTo("10");
        assertThat(CacheStats.seconds(Duration.ofMillis(500)).toString()).isEqualTo("0.5");
        assertThat(CacheStats.seconds(Duration.ofMinutes(5)).toString()).isEqualTo("300");
    }

    private static JsonNode num(int n) {
        return IntNode.valueOf(n);
    }
}
