package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.cluster.ClusterJobHomes.JobRecord;
import dev.genserver.cluster.OwnerDecides.Apply;
import dev.genserver.jobs.JobView;
import org.junit.jupiter.api.Test;

/**
 * A job's adoption ({@link PutIfAbsent}) on one entry, as the id's owner runs it: the backup writes exactly what
 * the owner wrote, or nothing when it wrote nothing.
 */
class PutIfAbsentTest {

    private static final long KEPT = 86_400_000;
    private static final JobRecord HERE = new JobRecord("instance-a", null);

    @Test
    void anIdWithoutARecord_isRecorded_andItsBackupIsTheVeryRecordAndTimeToLive() {
        OneEntry<JobRecord> entry = new OneEntry<>(null);
        PutIfAbsent<JobRecord> adopt = new PutIfAbsent<>(HERE, KEPT);

        assertThat(adopt.decideOnOwner(entry)).as("null: recorded").isNull();

        assertThat(entry.value).isEqualTo(HERE);
        assertThat(entry.ttlMillis).isEqualTo(KEPT);
        assertThat(adopt.getBackupProcessor()).isEqualTo(new Apply<>(HERE, KEPT));
    }

    /** The earlier attempt's backup may not have been confirmed (its member lost under it): sent again. */
    @Test
    void anIdThisInstanceRecordedAlready_isAnsweredWithItsRecord_writesNothing_andBacksItUp() {
        OneEntry<JobRecord> entry = new OneEntry<>(HERE);
        PutIfAbsent<JobRecord> again = new PutIfAbsent<>(HERE, KEPT);

        assertThat(again.decideOnOwner(entry)).isEqualTo(HERE);
        assertThat(entry.writes).isZero();
        assertThat(again.getBackupProcessor()).isEqualTo(new Apply<>(HERE, KEPT));
    }

    @Test
    void anIdRecordedElsewhere_orEnded_isAnsweredWithItsRecord_andNothingIsWrittenOrBackedUp() {
        for (JobRecord found : new JobRecord[] {new JobRecord("instance-b", null),
                new JobRecord("instance-a", new JobView("job-1", "succeeded", null))}) {
            OneEntry<JobRecord> entry = new OneEntry<>(found);
            PutIfAbsent<JobRecord> adopt = new PutIfAbsent<>(HERE, KEPT);

            assertThat(adopt.decideOnOwner(entry)).isEqualTo(found);
            assertThat(entry.writes).isZero();
            assertThat(adopt.getBackupProcessor()).isNull();
        }
    }
}
