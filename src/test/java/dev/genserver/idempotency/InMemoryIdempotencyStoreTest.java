package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.idempotency.IdempotencyStore.Claim;
import dev.genserver.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The single instance's store: one holder per key, replays, mismatches, its bound and its expiry. */
class InMemoryIdempotencyStoreTest {

    private static final Duration TTL = Duration.ofHours(24);
    private static final StoredAnswer CREATED = new StoredAnswer(201, "application/json",
            Map.of("Location", List.of("/api/stacks/1")), "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8),
            "/api/stacks");

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(3, Long.MAX_VALUE, TTL, clock);

    /**
     * Without a bound on bytes, keyed pops of 1 MB items kept a copy each: 450 of them filled a 512 MB heap. An
     * answer past the bound by itself pushed out every other answer before it was dropped too.
     */
    @Test
    void answersPastTheByteBudget_pushOutTheOldestAnswered_andOneAlonePastIt_isNotKept_norPushesOutAny() {
        long budget = 3 * (1024 + StoredAnswer.ENTRY_OVERHEAD);
        InMemoryIdempotencyStore bounded = new InMemoryIdempotencyStore(100, budget, TTL, clock);
        for (int i = 1; i <= 4; i++) {
            bounded.reserve("k" + i, "POST /api/stacks/s/pop");
            bounded.complete("k" + i, "POST /api/stacks/s/pop", answerOf(1024));
        }
        bounded.reserve("still handled", "POST /api/stacks/s/pop");

        assertThat(bounded.answerBytes()).isEqualTo(budget);
        assertThat(bounded.reserve("k1", "POST /api/stacks/s/pop")).as("the oldest was forgotten")
                .isInstanceOf(Claim.Reserved.class);
        assertThat(bounded.reserve("k4", "POST /api/stacks/s/pop")).isInstanceOf(Claim.Replay.class);

        bounded.reserve("huge", "POST /api/stacks/s/pop");
        bounded.complete("huge", "POST /api/stacks/s/pop", answerOf((int) budget));
        assertThat(bounded.answerBytes()).as("the others kept").isEqualTo(budget);
        assertThat(bounded.reserve("k4", "POST /api/stacks/s/pop")).isInstanceOf(Claim.Replay.class);
        assertThat(bounded.reserve("huge", "POST /api/stacks/s/pop")).as("not kept").isInstanceOf(Claim.Reserved.class);
        assertThat(bounded.reserve("still handled", "POST /api/stacks/s/pop")).as("never dropped while handled")
                .isInstanceOf(Claim.InProgress.class);
    }

    private static StoredAnswer answerOf(int bodyBytes) {
        return new StoredAnswer(200, "application/json", Map.of(), new byte[bodyBytes], "/api/stacks/{id}/pop");
    }

    /** The longest ttl the properties take, 100 years, keeps and replays an answer like any other. */
    @Test
    void theLongestTtl_keepsAndReplaysAnAnswer() {
        InMemoryIdempotencyStore longest = new InMemoryIdempotencyStore(3, Long.MAX_VALUE, Duration.ofDays(36500),
                clock);
        longest.reserve("k", "f");
        longest.complete("k", "f", CREATED);
        clock.advance(Duration.ofDays(36499));

        assertThat(longest.reserve("k", "f")).isEqualTo(new Claim.Replay(CREATED));
    }

    @Test
    void firstUse_reserves_andARepeatWhileHandled_isInProgress() {
        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.Reserved());
        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.InProgress());
    }

    @Test
    void completed_isReplayedToTheSameRequest_andAMismatchToAnother() {
        store.reserve("k", "f");
        store.complete("k", "f", CREATED);

        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.Replay(CREATED));
        assertThat(store.reserve("k", "other")).isEqualTo(new Claim.Mismatch());
    }

    @Test
    void anotherRequest_withAKeyBeingHandled_isAMismatch() {
        store.reserve("k", "f");
        assertThat(store.reserve("k", "other")).isEqualTo(new Claim.Mismatch());
    }

    @Test
    void released_keyIsFreeAgain_andMayBeUsedForAnotherRequest() {
        store.reserve("k", "f");
        store.release("k", "f");

        assertThat(store.reserve("k", "other")).isEqualTo(new Claim.Reserved());
    }

    @Test
    void completeAndRelease_byAnotherFingerprint_changeNothing() {
        store.reserve("k", "f");
        store.complete("k", "other", CREATED);
        store.release("k", "other");

        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.InProgress());
    }

    @Test
    void aCompletedKey_isNotReleased_norCompletedAgain() {
        store.reserve("k", "f");
        store.complete("k", "f", CREATED);
        store.release("k", "f");
        store.complete("k", "f", new StoredAnswer(200, null, Map.of(), new byte[0], null));

        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.Replay(CREATED));
    }

    /** Counted from the answer, as in cluster mode: counted from the reservation, a slow request's came too late. */
    @Test
    void anAnswer_isReplayedUntilTtlAfterIt_thenForgotten() {
        store.reserve("k", "f");
        clock.advance(Duration.ofMinutes(1));
        store.complete("k", "f", CREATED);

        clock.advance(TTL.minusNanos(1));
        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.Replay(CREATED));

        clock.advance(Duration.ofNanos(1));
        assertThat(store.reserve("k", "other")).isEqualTo(new Claim.Reserved());
    }

    @Test
    void expiredKeys_leaveTheStore_whenTheNextKeyIsReserved() {
        store.reserve("a", "f");
        store.complete("a", "f", CREATED);
        store.reserve("b", "f");
        store.complete("b", "f", CREATED);

        clock.advance(TTL);
        store.reserve("c", "f");

        assertThat(store.heldKeys()).isOne();
    }

    /** What the gauges read: a quiet store's figures fall as its answers expire, with no request to drop them. */
    @Test
    void theFiguresOfAQuietStore_leaveOutExpiredAnswers_butNotKeysStillBeingHandled() {
        store.reserve("a", "f");
        store.complete("a", "f", CREATED);
        store.reserve("b", "f");
        assertThat(store.answerBytes()).isEqualTo(CREATED.cost());

        clock.advance(TTL);

        assertThat(store.heldKeys()).isOne();
        assertThat(store.answerBytes()).isZero();
    }

    @Test
    void aKeyStillBeingHandled_outlivesItsTtl() {
        store.reserve("k", "f");
        clock.advance(TTL.multipliedBy(2));

        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.InProgress());
        store.complete("k", "f", CREATED);
        assertThat(store.reserve("k", "f")).as("replayed for its ttl from the answer")
                .isEqualTo(new Claim.Replay(CREATED));
    }

    @Test
    void aFullStore_dropsItsOldestAnsweredKey_forANewOne() {
        for (String key : List.of("a", "b", "c")) {
            store.reserve(key, "f");
        }
        store.complete("c", "f", CREATED);
        store.complete("b", "f", CREATED);

        assertThat(store.reserve("d", "f")).isEqualTo(new Claim.Reserved());

        assertThat(store.heldKeys()).isEqualTo(3);
        assertThat(store.reserve("b", "f")).isEqualTo(new Claim.Replay(CREATED));
        assertThat(store.reserve("c", "f")).isEqualTo(new Claim.Reserved()); // answered before b, so dropped first
    }

    /** Answered keys expire in the order of their answers, not of their reservations. */
    @Test
    void aSlowRequestsAnswer_outlivesAQuickerOneReservedAfterIt() {
        store.reserve("slow", "f");
        store.reserve("quick", "f");
        store.complete("quick", "f", CREATED);
        clock.advance(Duration.ofHours(1));
        store.complete("slow", "f", CREATED);

        clock.advance(TTL.minus(Duration.ofMinutes(30)));

        assertThat(store.reserve("quick", "f")).as("its ttl has passed").isEqualTo(new Claim.Reserved());
        assertThat(store.reserve("slow", "f")).isEqualTo(new Claim.Replay(CREATED));
    }

    /** A key held for a slow request, ahead of answered ones, neither expires nor keeps them from expiring. */
    @Test
    void answersBehindAKeyStillBeingHandled_expireOnTime() {
        store.reserve("slow", "f");
        store.reserve("a", "f");
        store.complete("a", "f", CREATED);

        clock.advance(TTL);

        assertThat(store.answerBytes()).isZero();
        assertThat(store.reserve("a", "f")).isEqualTo(new Claim.Reserved());
        assertThat(store.reserve("slow", "f")).isEqualTo(new Claim.InProgress());
    }

    @Test
    void aStoreFullOfKeysBeingHandled_refusesANewKey_untilOneIsAnswered() {
        for (String key : List.of("a", "b", "c")) {
            store.reserve(key, "f");
        }

        assertThat(store.reserve("d", "f")).isEqualTo(new Claim.Full());
        assertThat(store.reserve("a", "f")).isEqualTo(new Claim.InProgress());

        store.complete("b", "f", CREATED);
        assertThat(store.reserve("d", "f")).isEqualTo(new Claim.Reserved());
        assertThat(store.heldKeys()).isEqualTo(3);
    }

    @Test
    void concurrentReservations_ofOneKey_reserveItExactlyOnce() throws Exception {
        int threads = 16;
        InMemoryIdempotencyStore shared = new InMemoryIdempotencyStore(10, Long.MAX_VALUE, TTL, clock);
        CyclicBarrier start = new CyclicBarrier(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Claim>> claims = IntStream.range(0, threads)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return shared.reserve("k", "f");
                    }))
                    .toList();
            List<Claim> results = claims.stream().map(InMemoryIdempotencyStoreTest::get).toList();

            assertThat(results).filteredOn(claim -> claim instanceof Claim.Reserved).hasSize(1);
            assertThat(results).filteredOn(claim -> claim instanceof Claim.InProgress).hasSize(threads - 1);
        }
    }

    /**
     * Storing an answer that fails part-way must leave the key held: it used to be taken out first, so the client's
     * retry ran the request a second time. The memory probe's OutOfMemoryError struck there; here the expiry cannot
     * be reckoned (the clock at the end of time).
     */
    @Test
    void anAnswerWhoseStoringFails_leavesTheKeyHeld_notFreeForTheRetryToApplyAgain() {
        store.reserve("k", "f");
        Instant now = clock.instant();
        clock.set(Instant.MAX);

        assertThatThrownBy(() -> store.complete("k", "f", CREATED)).isInstanceOf(DateTimeException.class);
        clock.set(now);
        assertThat(store.reserve("k", "f")).isEqualTo(new Claim.InProgress());
    }

    @Test
    void nonPositiveBounds_areRefused_namingTheValue() {
        assertThatThrownBy(() -> new InMemoryIdempotencyStore(0, Long.MAX_VALUE, TTL, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new InMemoryIdempotencyStore(1, Long.MAX_VALUE, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl").hasMessageContaining("PT0S");
    }

    private static Claim get(Future<Claim> claim) {
        try {
            return claim.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
