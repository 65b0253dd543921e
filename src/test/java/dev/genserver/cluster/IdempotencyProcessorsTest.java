package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.cluster.OwnerDecides.Apply;
import dev.genserver.cluster.ReplicatedIdempotencyStore.Complete;
import dev.genserver.cluster.ReplicatedIdempotencyStore.Held;
import dev.genserver.cluster.ReplicatedIdempotencyStore.Remove;
import dev.genserver.cluster.ReplicatedIdempotencyStore.Reserve;
import dev.genserver.idempotency.StoredAnswer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The idempotency store's entry processors on one entry, as the key's owner runs them: what each decides, and
 * that its backup is exactly what it wrote (or none when it wrote nothing), so owner and backup cannot disagree.
 */
class IdempotencyProcessorsTest {

    private static final UUID HERE = UUID.randomUUID();
    private static final UUID ELSEWHERE = UUID.randomUUID();
    private static final long LEASE = 30_000;
    private static final StoredAnswer ANSWER = new StoredAnswer(200, "application/json", Map.of(),
            "{}".getBytes(), "/api/counter/increment");

    /** The earlier attempt's backup may not have been confirmed (that can make it indeterminate): sent again. */
    @Test
    void aReserveWhoseEarlierAttemptTookTheKey_isReserved_writesNothing_andBacksUpWhatTheOwnerHolds() {
        Held held = new Held("f", null, HERE, "token-1");
        OneEntry<Held> entry = new OneEntry<>(held);
        Reserve retried = new Reserve("f", HERE, "token-1", null, LEASE);

        assertThat(retried.decideOnOwner(entry)).as("null: reserved").isNull();
        assertThat(entry.writes).isZero();
        assertThat(retried.getBackupProcessor()).isEqualTo(new Apply(held, LEASE));
    }

    @Test
    void anotherRequestsReserve_findsTheKeyHeld_andItsBackupDoesNothing() {
        Held held = new Held("f", null, ELSEWHERE, "token-1");
        OneEntry<Held> entry = new OneEntry<>(held);
        Reserve other = new Reserve("f", HERE, "token-2", null, LEASE);

        assertThat(other.decideOnOwner(entry)).isEqualTo(held);
        assertThat(other.getBackupProcessor()).isNull();
    }

    @Test
    void aReserveOfAFreeKey_hasAsBackupTheVeryEntryAndLeaseItWrote() {
        OneEntry<Held> entry = new OneEntry<>(null);
        Reserve reserve = new Reserve("f", HERE, "token-1", null, LEASE);

        assertThat(reserve.decideOnOwner(entry)).isNull();

        assertThat(entry.value).isEqualTo(new Held("f", null, HERE, "token-1"));
        assertThat(entry.ttlMillis).isEqualTo(LEASE);
        assertThat(reserve.getBackupProcessor()).isEqualTo(new Apply(entry.value, LEASE));
    }

    @Test
    void aTakeover_replacesOnlyTheLostMembersUnansweredReservationOfTheSameRequest() {
        OneEntry<Held> entry = new OneEntry<>(new Held("f", null, ELSEWHERE, "token-1"));

        assertThat(new Reserve("g", HERE, "token-2", ELSEWHERE, LEASE).decideOnOwner(entry)).isNotNull();
        assertThat(new Reserve("f", HERE, "token-2", UUID.randomUUID(), LEASE).decideOnOwner(entry)).isNotNull();
        assertThat(new Reserve("f", HERE, "token-2", ELSEWHERE, LEASE).decideOnOwner(entry)).isNull();
        assertThat(entry.value).isEqualTo(new Held("f", null, HERE, "token-2"));
    }

    @Test
    void anAnswer_isStoredWhoeverCompletes_butOnlyTheHolderReleases() {
        OneEntry<Held> entry = new OneEntry<>(new Held("f", null, ELSEWHERE, "token-1"));
        Complete release = new Complete("f", null, 0, HERE);
        release.decideOnOwner(entry);
        assertThat(entry.value).as("not released by a member that does not hold it").isNotNull();
        assertThat(release.getBackupProcessor()).isNull();

        Complete complete = new Complete("f", ANSWER, 60_000, HERE);
        Held stored = complete.decideOnOwner(entry);

        assertThat(entry.value).isEqualTo(new Held("f", ANSWER, ELSEWHERE, "token-1"));
        assertThat(stored).as("the reservation that stored it, for the member's account of its answers")
                .isEqualTo(new Held("f", null, ELSEWHERE, "token-1"));
        assertThat(complete.getBackupProcessor()).isEqualTo(new Apply(entry.value, 60_000));
    }

    /** A key whose answer left by its time to live may be reserved again by a new request meanwhile. */
    @Test
    void aForget_removesOnlyTheAnswerItsReservationStored_neverAReservationOrAnotherAnswer() {
        OneEntry<Held> reserved = new OneEntry<>(new Held("f", null, HERE, "token-1"));
        Remove forget = new Remove("token-1", true);
        forget.decideOnOwner(reserved);
        assertThat(reserved.value).as("still being handled").isNotNull();
        assertThat(forget.getBackupProcessor()).isNull();

        OneEntry<Held> another = new OneEntry<>(new Held("f", ANSWER, HERE, "token-2"));
        forget.decideOnOwner(another);
        assertThat(another.value).as("another reservation's answer").isNotNull();
        assertThat(forget.getBackupProcessor()).isNull();

        OneEntry<Held> answered = new OneEntry<>(new Held("f", ANSWER, HERE, "token-1"));
        forget.decideOnOwner(answered);
        assertThat(answered.value).isNull();
        assertThat(forget.getBackupProcessor()).isEqualTo(new Apply(null, 0));
    }

    /** A refused request gives up its own reservation only: not one that took the key over, nor an answer. */
    @Test
    void anAbandon_freesItsOwnUnansweredReservation_only() {
        OneEntry<Held> own = new OneEntry<>(new Held("f", null, HERE, "token-1"));
        Remove abandon = new Remove("token-1", false);
        assertThat(abandon.decideOnOwner(own)).isNull();
        assertThat(own.value).isNull();
        assertThat(abandon.getBackupProcessor()).isEqualTo(new Apply(null, 0));

        for (Held kept : new Held[] {new Held("f", null, ELSEWHERE, "token-2"), new Held("f", ANSWER, HERE, "token-1")}) {
            OneEntry<Held> entry = new OneEntry<>(kept);
            Remove other = new Remove("token-1", false);
            other.decideOnOwner(entry);
            assertThat(entry.value).isEqualTo(kept);
            assertThat(entry.writes).isZero();
            assertThat(other.getBackupProcessor()).isNull();
        }
    }
}
