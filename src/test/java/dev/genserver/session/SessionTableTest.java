package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The data structure behind the store: expiry rules, and cleanup cost counted rather than timed. */
class SessionTableTest {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SessionTable table = new SessionTable(TTL);

    @Test
    void sweep_inspectsOnlyTheExpiredSessionsPlusOne_notEverySession() {
        for (int i = 0; i < 100; i++) {
            table.create("old-" + i, "u", T0);
        }
        for (int i = 0; i < 10_000; i++) {
            table.create("new-" + i, "u", T0.plusSeconds(30));
        }
        long before = table.inspected();

        int removed = table.sweep(T0.plusSeconds(61));

        assertThat(removed).isEqualTo(100);
        assertThat(table.inspected() - before).isEqualTo(101);
        assertThat(table.size()).isEqualTo(10_000);
    }

    @Test
    void sweep_withNothingExpired_inspectsOneSession() {
        for (int i = 0; i < 1_000; i++) {
            table.create("s-" + i, "u", T0);
        }
        long before = table.inspected();

        assertThat(table.sweep(T0.plusSeconds(60))).isZero();
        assertThat(table.inspected() - before).isEqualTo(1);
    }

    @Test
    void refresh_movesTheSessionBehindTheOthers_soSweepStillStopsAtTheFirstLiveOne() {
        table.create("a", "u", T0);
        table.create("b", "u", T0.plusSeconds(10));
        table.refresh("a", T0.plusSeconds(20));
        long before = table.inspected();

        assertThat(table.sweep(T0.plusSeconds(71))).isEqualTo(1);  // b expired, a (refreshed at 20 s) did not
        assertThat(table.inspected() - before).isEqualTo(2);
        assertThat(table.get("a", T0.plusSeconds(71))).isInstanceOf(Lookup.Found.class);
        assertThat(table.get("b", T0.plusSeconds(71))).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void expiry_isStrict_atExactlyTheTtlTheSessionIsAlive() {
        table.create("a", "u", T0);

        assertThat(table.get("a", T0.plus(TTL))).isInstanceOf(Lookup.Found.class);
        assertThat(table.get("a", T0.plus(TTL).plusNanos(1))).isInstanceOf(Lookup.Expired.class);
        assertThat(table.get("a", T0.plus(TTL).plusNanos(1))).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void get_doesNotExtend_butRefreshDoes() {
        table.create("a", "u", T0);
        table.get("a", T0.plusSeconds(50));
        assertThat(table.get("a", T0.plusSeconds(61))).isInstanceOf(Lookup.Expired.class);

        table.create("b", "u", T0);
        table.refresh("b", T0.plusSeconds(50));
        assertThat(table.get("b", T0.plusSeconds(61))).isInstanceOf(Lookup.Found.class);
    }

    @Test
    void refresh_ofAnExpiredSession_doesNotReviveIt_andCountsItExpired() {
        table.create("a", "u", T0);

        table.refresh("a", T0.plusSeconds(61));

        assertThat(table.get("a", T0.plusSeconds(62))).isInstanceOf(Lookup.NotFound.class);
        assertThat(table.stats(T0.plusSeconds(62))).isEqualTo(new SessionStats(0, 1));
    }

    @Test
    void stats_countExpiredButUnsweptSessionsAsExpired_notActive() {
        table.create("a", "u", T0);
        table.create("b", "u", T0.plusSeconds(30));

        assertThat(table.stats(T0.plusSeconds(61))).isEqualTo(new SessionStats(1, 1));
        assertThat(table.stats(T0.plusSeconds(91))).isEqualTo(new SessionStats(0, 2));
    }

    @Test
    void remove_ofALiveSessionFindsIt_ofAnExpiredOneIsNotFound_andCountsItExpired() {
        table.create("a", "u", T0);
        table.create("b", "u", T0);

        assertThat(table.remove("b", T0.plusSeconds(1))).isInstanceOf(Lookup.Found.class);
        assertThat(table.remove("b", T0.plusSeconds(1))).isInstanceOf(Lookup.NotFound.class);
        assertThat(table.remove("a", T0.plusSeconds(61))).isInstanceOf(Lookup.NotFound.class);
        assertThat(table.stats(T0.plusSeconds(62))).isEqualTo(new SessionStats(0, 1));
    }

    @Test
    void clockSteppingBack_keepsTimestampsOrdered_soNoExpiredSessionHidesBehindALiveOne() {
        table.create("a", "u", T0.plusSeconds(10));
        table.create("b", "u", T0);  // the wall clock stepped back 10 s

        assertThat(table.get("b", T0.plusSeconds(5))).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.session().lastAccessed()).isEqualTo(T0.plusSeconds(10)));
        assertThat(table.sweep(T0.plusSeconds(71))).isEqualTo(2);
    }

    @Test
    void status_showsCountsOnly() {
        table.create("secret-id", "secret-user", T0);

        assertThat(table.status().toString()).doesNotContain("secret");
        assertThat(table.status()).containsEntry("sessions", 1).containsEntry("expired", 0L);
    }
}
