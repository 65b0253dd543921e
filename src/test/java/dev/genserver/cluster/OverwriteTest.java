package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.cluster.ClusterJobHomes.JobRecord;
import dev.genserver.cluster.OwnerDecides.Apply;
import dev.genserver.jobs.JobView;
import org.junit.jupiter.api.Test;

/**
 * A job's end and its forgetting ({@link Overwrite}) on one entry, as the id's owner runs them: the owner writes
 * whatever the entry held, and the backup writes exactly the same, with the same time to live.
 */
class OverwriteTest {

    private static final long KEPT = 86_400_000;
    private static final JobRecord RUNNING = new JobRecord("instance-a", null);
    private static final JobRecord ENDED = new JobRecord("instance-a", new JobView("job-1", "succeeded", null));

    @Test
    void anEnd_replacesTheRecord_andItsBackupIsTheVeryRecordAndTimeToLive() {
        OneEntry<JobRecord> entry = new OneEntry<>(RUNNING);
        Overwrite<JobRecord> end = new Overwrite<>(ENDED, KEPT);

        assertThat(end.decideOnOwner(entry)).isNull();

        assertThat(entry.value).isEqualTo(ENDED);
        assertThat(entry.ttlMillis).isEqualTo(KEPT);
        assertThat(end.getBackupProcessor()).isEqualTo(new Apply<>(ENDED, KEPT));
        OneEntry<JobRecord> backup = new OneEntry<>(RUNNING);
        end.getBackupProcessor().process(backup);
        assertThat(backup.value).isEqualTo(ENDED);
        assertThat(backup.ttlMillis).isEqualTo(KEPT);
    }

    /** As {@code set} did: a record gone meanwhile (expired, forgotten) is written again. */
    @Test
    void anEnd_whereTheOwnerHoldsNoRecord_writesItThereAndOnTheBackup() {
        OneEntry<JobRecord> entry = new OneEntry<>(null);
        Overwrite<JobRecord> end = new Overwrite<>(ENDED, KEPT);

        end.decideOnOwner(entry);

        assertThat(entry.value).isEqualTo(ENDED);
        assertThat(entry.ttlMillis).isEqualTo(KEPT);
        assertThat(end.getBackupProcessor()).isEqualTo(new Apply<>(ENDED, KEPT));
    }

    /**
     * The backup removes its copy even where the owner held none: Hazelcast expires and evicts each copy on its own,
     * so the backup may still hold one the owner has dropped.
     */
    @Test
    void aForgetting_removesTheRecord_onTheOwnerAndTheBackup_whateverTheOwnerHeld() {
        for (JobRecord found : new JobRecord[] {RUNNING, ENDED, null}) {
            OneEntry<JobRecord> entry = new OneEntry<>(found);
            OneEntry<JobRecord> backup = new OneEntry<>(ENDED);
            Overwrite<JobRecord> forget = Overwrite.removal();

            assertThat(forget.decideOnOwner(entry)).isNull();
            forget.getBackupProcessor().process(backup);

            assertThat(entry.value).as("the owner's, after %s", found).isNull();
            assertThat(backup.value).as("the backup's, after %s", found).isNull();
        }
    }
}
