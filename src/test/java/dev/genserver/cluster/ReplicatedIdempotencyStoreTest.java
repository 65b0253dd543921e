package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Offloadable;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.idempotency.IdempotencyStore.Claim;
import dev.genserver.idempotency.StoredAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Idempotency keys kept in the cluster: one claim per key whichever member is asked, and kept past a member's loss. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicatedIdempotencyStoreTest {

    private static final StoredAnswer CREATED = new StoredAnswer(201, "application/json",
            Map.of("Location", List.of("/api/stacks/abc")), "{\"id\":\"abc\"}".getBytes(StandardCharsets.UTF_8),
            "/api/stacks");
    private static final StoredAnswer POPPED = new StoredAnswer(200, "application/json", Map.of(),
            new byte[10_000], "/api/stacks/{id}/pop");

    /** The shared cluster, and one of its own for each test that stops or holds members, or counts every key. */
    private final ClassClusters clusters = new ClassClusters(ReplicatedIdempotencyStoreTest::formCluster);
    /** The running test's. */
    private InJvmCluster cluster;

    @BeforeEach
    void useShared() {
        cluster = clusters.shared();
    }

    @AfterEach
    void closeOwn() {
        clusters.endTest();
    }

    @AfterAll
    void close() {
        clusters.close();
    }

    /**
     * Three members for this test alone: for a test that stops a member or holds its threads, or counts every key in
     * the map.
     */
    private void ownCluster() {
        cluster = clusters.own();
    }

    private static InJvmCluster formCluster() {
        return new InJvmCluster(3, ReplicatedProcessesTest.modules(new PinnedClock(Clock.systemUTC())));
    }

    @Test
    void aKey_isReservedOnce_answeredToRepeats_andRefusedToAnotherRequest_fromEveryMember() {
        assertThat(store(0).reserve("k", "POST /api/stacks {}")).isInstanceOf(Claim.Reserved.class);
        assertThat(store(1).reserve("k", "POST /api/stacks {}")).isInstanceOf(Claim.InProgress.class);
        assertThat(store(2).reserve("k", "POST /api/stacks []")).isInstanceOf(Claim.Mismatch.class);

        store(0).complete("k", "POST /api/stacks {}", CREATED);

        assertThat(store(1).reserve("k", "POST /api/stacks {}")).isInstanceOfSatisfying(Claim.Replay.class,
                replay -> assertThat(replay.answer().headers()).isEqualTo(CREATED.headers()));
        assertThat(store(2).reserve("k", "POST /api/stacks []")).isInstanceOf(Claim.Mismatch.class);
    }

    @Test
    void aReleasedKey_isFreeAgain_butNotByAnotherRequestOrMember() {
        store(0).reserve("r", "a");
        store(0).complete("r", "b", CREATED); // not this key's request
        store(1).release("r", "a"); // not the member handling it
        assertThat(store(2).reserve("r", "a")).isInstanceOf(Claim.InProgress.class);

        store(0).release("r", "a"); // the member handling it, as its filter does after a 5xx

        assertThat(store(2).reserve("r", "a")).isInstanceOf(Claim.Reserved.class);
    }

    /**
     * The owner decides and the backup copies what it wrote. Hazelcast expires a backup's copy 10 s after the
     * owner's, so once a lease has run out another request under the key is free to reserve on the owner while the
     * backup still holds the old reservation; a backup deciding for itself would then keep the old one, and the
     * owner's loss would bring it back in place of the answer.
     */
    @Test
    void anAnswerGivenAfterALeaseRanOut_survivesTheLossOfTheKeysOwner() {
        ownCluster();
        ClusterMember owner = cluster.member(0);
        String key = InJvmCluster.keyOwnedBy(owner, "key-");
        assertThat(store(2, Duration.ofMillis(500)).reserve(key, "abandoned")).isInstanceOf(Claim.Reserved.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !owner.instance().getMap(ReplicatedIdempotencyStore.MAP)
                .containsKey(key)); // the lease ran out on the owner

        assertThat(store(1).reserve(key, "next")).isInstanceOf(Claim.Reserved.class);
        store(1).complete(key, "next", CREATED);
        owner.instance().getLifecycleService().terminate();
        cluster.awaitSafe();

        await().atMost(Duration.ofSeconds(10)).ignoreException(OutcomeUnknownException.class).untilAsserted(() ->
                assertThat(store(1).reserve(key, "next")).isInstanceOf(Claim.Replay.class));
    }

    /**
     * A key held by a member that dies before answering is taken over by the request's retry through a survivor
     * once the member has left the cluster, well within the {@link ReplicatedIdempotencyStore#LEASE} of 30 s that
     * would otherwise keep answering 409; another request under the key is still refused.
     */
    @Test
    void aKeyHeldByALostMember_isTakenOverByTheRetry_onceTheMemberHasLeft() {
        ownCluster();
        assertThat(store(0).reserve("held", "f")).isInstanceOf(Claim.Reserved.class);
        assertThat(store(1).reserve("held", "f")).as("member 0 is handling it").isInstanceOf(Claim.InProgress.class);

        cluster.member(0).instance().getLifecycleService().terminate();
        cluster.awaitSafe();

        await().atMost(Duration.ofSeconds(10)).ignoreException(OutcomeUnknownException.class).untilAsserted(() ->
                assertThat(store(1).reserve("held", "f")).isInstanceOf(Claim.Reserved.class));
        assertThat(store(2).reserve("held", "f")).as("member 1 is handling it").isInstanceOf(Claim.InProgress.class);
        assertThat(store(2).reserve("held", "g")).isInstanceOf(Claim.Mismatch.class);

        store(1).complete("held", "f", CREATED);

        assertThat(store(2).reserve("held", "f")).isInstanceOf(Claim.Replay.class);
    }

    /**
     * A reservation whose backup cannot be confirmed (the other members' partition threads held here, as a paused
     * member's are) fails the request, which is answered 503 unhandled; the key is given up on its owner at once,
     * not held for the lease, which answered the request's retries 409 for the rest of 30 s. Once the members
     * answer again, the retry through another member is the key's first request.
     */
    @Test
    void aReservationWhoseOutcomeStaysUnknown_isGivenUp_notHeldForItsLease() throws Exception {
        ownCluster();
        ClusterMember owner = cluster.member(0);
        String key = InJvmCluster.keyOwnedBy(owner, "unconfirmed-");
        CountDownLatch resume = new CountDownLatch(1);
        try {
            holdPartitionThreads(cluster.member(1), resume);
            holdPartitionThreads(cluster.member(2), resume);

            assertThatThrownBy(() -> store(0).reserve(key, "f")).isInstanceOf(OutcomeUnknownException.class);

            IMap<String, ReplicatedIdempotencyStore.Held> onTheOwner = owner.instance()
                    .getMap(ReplicatedIdempotencyStore.MAP);
            await().atMost(Duration.ofSeconds(5)).until(() -> !onTheOwner.containsKey(key));
        } finally {
            resume.countDown();
        }
        cluster.awaitSafe();
        await().atMost(Duration.ofSeconds(10)).ignoreException(OutcomeUnknownException.class).untilAsserted(() ->
                assertThat(store(1).reserve(key, "f")).isInstanceOf(Claim.Reserved.class));
    }

    /**
     * Holds every partition thread of {@code member} until {@code resume}: a processor that waits, on a key of
     * each partition the member owns, so the backups it should run queue behind them.
     */
    private static void holdPartitionThreads(ClusterMember member, CountDownLatch resume) {
        IMap<String, String> holds = member.instance().getMap("holds");
        Map<Integer, String> keys = new TreeMap<>();
        for (int i = 0; keys.size() < member.instance().getPartitionService().getPartitions().stream()
                .filter(partition -> partition.getOwner() != null && partition.getOwner().localMember()).count(); i++) {
            String key = "hold-" + i;
            var partition = member.instance().getPartitionService().getPartition(key);
            if (partition.getOwner().localMember()) {
                keys.putIfAbsent(partition.getPartitionId(), key);
            }
        }
        keys.values().forEach(key -> holds.submitToKey(key, new Hold(resume)));
    }

    /** Waits for its latch on the partition thread that runs it; no backup. In this JVM only. */
    private record Hold(CountDownLatch resume) implements EntryProcessor<String, String, String>, Offloadable {
        @Override
        public String process(Map.Entry<String, String> entry) {
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public String getExecutorName() {
            return NO_OFFLOADING;
        }

        @Override
        public EntryProcessor<String, String, String> getBackupProcessor() {
            return null;
        }
    }

    @Test
    void anAnsweredKey_survivesTheLossOfAMember() {
        ownCluster();
        for (int i = 0; i < 50; i++) {
            store(i % 3).reserve("key-" + i, "f");
            store(i % 3).complete("key-" + i, "f", CREATED);
        }

        cluster.member(0).instance().getLifecycleService().terminate();
        cluster.awaitSafe();

        for (int i = 0; i < 50; i++) {
            String key = "key-" + i;
            IdempotencyStore survivor = store(1 + i % 2);
            // a client retries a request whose outcome was unknown (one already in flight towards the lost member);
            // its first attempt at once, not after a poll interval (Awaitility's default first delay): 50 keys
            await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10))
                    .ignoreException(OutcomeUnknownException.class).untilAsserted(() ->
                            assertThat(survivor.reserve(key, "f")).as(key).isInstanceOf(Claim.Replay.class));
        }
    }

    /**
     * Without a bound on bytes, keyed pops of 1 MB items would keep a copy of each for a day on the keys' owners:
     * a member may store {@code max-bytes} of answers, its oldest forgotten first.
     */
    @Test
    void answersAMemberStoresPastMaxBytes_forgetItsOldestFirst() {
        ownCluster();
        IdempotencyStore bounded = boundedTo(0, 3);
        for (int i = 0; i < 5; i++) {
            bounded.reserve("popped-" + i, "pop");
            bounded.complete("popped-" + i, "pop", POPPED);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !held("popped-0") && !held("popped-1"));
        assertThat(bounded.answerBytes()).isEqualTo(3 * POPPED.cost());
        assertThat(store(0).heldKeys() + store(1).heldKeys() + store(2).heldKeys()).as("each owned once").isEqualTo(3);
        assertThat(store(1).reserve("popped-0", "pop")).as("forgotten: a first request again")
                .isInstanceOf(Claim.Reserved.class);
        for (int i = 2; i < 5; i++) {
            assertThat(store(2).reserve("popped-" + i, "pop")).isInstanceOf(Claim.Replay.class);
        }
    }

    /**
     * An answer stored into the reservation of a member that took the key over (its request may still be running)
     * is not the storing member's to forget: forgetting it would let a repeat run alongside that request. Member 1
     * completes member 0's live reservation, which is what a takeover leaves. Were the answer counted, its forget
     * would be sent at {@code own-1}'s complete, a whole round trip before {@code own-1}'s own forget is sent.
     */
    @Test
    void anAnswerStoredIntoAnotherMembersReservation_isNotForgottenByTheMemberThatStoredIt() {
        IdempotencyStore bounded = boundedTo(1, 1);
        store(0).reserve("taken-over", "pop");
        bounded.complete("taken-over", "pop", POPPED);
        bounded.reserve("own-1", "pop");
        bounded.complete("own-1", "pop", POPPED);
        bounded.reserve("own-2", "pop");
        bounded.complete("own-2", "pop", POPPED);

        await().atMost(Duration.ofSeconds(10)).until(() -> !held("own-1"));
        assertThat(store(2).reserve("taken-over", "pop")).isInstanceOf(Claim.Replay.class);
        assertThat(store(2).reserve("own-2", "pop")).isInstanceOf(Claim.Replay.class);
    }

    /** The store of {@code member}, which forgets its oldest answers past {@code answers} {@link #POPPED}s. */
    private IdempotencyStore boundedTo(int member, int answers) {
        return store(member, ReplicatedIdempotencyStore.LEASE, answers * POPPED.cost());
    }

    private boolean held(String key) {
        return cluster.member(2).instance().getMap(ReplicatedIdempotencyStore.MAP).containsKey(key);
    }

    /** The longest ttl the properties take, 100 years: Hazelcast keeps the answer under it like any other. */
    @Test
    void theLongestTtl_keepsAndReplaysAnAnswer() {
        Duration longest = Duration.ofDays(36500);
        ClusterMember member = cluster.member(0);
        IdempotencyStore store = new ReplicatedIdempotencyStore(member::instance, longest,
                ReplicatedIdempotencyStore.LEASE, new KeptAnswers(Long.MAX_VALUE, longest, Clock.systemUTC()));
        store.reserve("kept", "POST /api/stacks {}");
        store.complete("kept", "POST /api/stacks {}", CREATED);

        assertThat(store(1).reserve("kept", "POST /api/stacks {}")).isInstanceOf(Claim.Replay.class);
        assertThat(member.instance().getMap(ReplicatedIdempotencyStore.MAP).getEntryView("kept").getExpirationTime())
                .as("not expired already").isGreaterThan(System.currentTimeMillis());
    }

    private IdempotencyStore store(int member) {
        return store(member, ReplicatedIdempotencyStore.LEASE);
    }

    private IdempotencyStore store(int member, Duration lease) {
        return store(member, lease, Long.MAX_VALUE);
    }

    private IdempotencyStore store(int member, Duration lease, long maxBytes) {
        ClusterMember chosen = cluster.member(member);
        return new ReplicatedIdempotencyStore(chosen::instance, Duration.ofHours(1), lease,
                new KeptAnswers(maxBytes, Duration.ofHours(1), Clock.systemUTC()));
    }
}
