package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.cluster.ClusterJobHomes.JobRecord;
import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.idempotency.IdempotencyStore.Claim;
import dev.genserver.jobs.JobHomes;
import dev.genserver.jobs.JobView;
import dev.genserver.keyed.KeyedProcesses;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code genserver.cluster.min-members}: a member left with fewer members in sight than that refuses writes,
 * {@code Idempotency-Key}s and jobs (503 rather than diverging from the others) and reports itself out of service,
 * and takes them again once enough members are back; the job ends it could not record meanwhile are recorded then.
 */
class SplitBrainProtectionTest {

    private final PinnedClock clock = new PinnedClock(Clock.systemUTC());
    private final InJvmCluster cluster = new InJvmCluster(3, ReplicatedProcessesTest.modules(clock, "tally"), 2);

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aMemberAlone_refusesWritesIdempotencyKeysAndJobs_andIsOutOfService_untilAnotherJoins() {
        KeyedProcesses survivor = ReplicatedProcessesTest.processes(cluster.member(2), "tally", 100, false, clock);
        IdempotencyStore keys = new ReplicatedIdempotencyStore(cluster.member(2)::instance, Duration.ofHours(1),
                Long.MAX_VALUE);
        ClusterJobHomes jobs = new ClusterJobHomes(cluster.member(2), new Modules());
        ClusterHealthIndicator health = new ClusterHealthIndicator(cluster.member(2), new MigrationWatch(), 2,
                new ClockOffset(cluster.member(2), System::currentTimeMillis, new LogThrottle(Duration.ofMinutes(1),
                        System::nanoTime)));
        String key = InJvmCluster.keyOwnedBy(cluster.member(2), "k-"); // its state outlives the other two members
        survivor.callOrStart(key, new ReplicatedProcessesTest.Add(1));
        assertThat(keys.reserve("before", "POST /api/jobs {}")).isInstanceOf(Claim.Reserved.class);
        // their records outlive the other two members
        String job = InJvmCluster.keyOwnedBy(cluster.member(2), "job-");
        String cancelled = InJvmCluster.keyOwnedBy(cluster.member(2), "cancelled-");
        String refused = InJvmCluster.keyOwnedBy(cluster.member(2), "refused-");
        jobs.adopt(job);
        jobs.adopt(cancelled);
        jobs.adopt(refused); // a keyed request's job, which the full queue then refuses
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        cluster.member(0).instance().getLifecycleService().terminate();
        cluster.member(1).instance().getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.member(2).instance().getCluster().getMembers().size() == 1);

        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        // Hazelcast turns the protection on a moment after the member list changes: waited for with a read, which
        // changes nothing if it still gets through
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> survivor.call(key, new ReplicatedProcessesTest.Get()))
                        .isInstanceOf(ServiceUnavailableException.class));
        assertThatThrownBy(() -> survivor.callOrStart(key, new ReplicatedProcessesTest.Add(1)))
                .isInstanceOf(ServiceUnavailableException.class);
        // the other side may have taken this key meanwhile: a job under it could otherwise be accepted twice
        assertThatThrownBy(() -> keys.reserve("during", "POST /api/jobs {}"))
                .isInstanceOf(ServiceUnavailableException.class);
        // a job here could not be found from the other side, and one there must not read as unknown here
        assertThatThrownBy(() -> jobs.adopt("job-during")).isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> jobs.locate(job)).isInstanceOf(ServiceUnavailableException.class);
        JobView done = new JobView(job, "succeeded", null);
        jobs.ended(done); // cannot be recorded now
        jobs.ended(new JobView(cancelled, "failed", "cancelled"));
        jobs.forgotten(cancelled); // the latest change of a job is the one recorded later
        jobs.forgotten(refused);

        cluster.join();
        await().atMost(Duration.ofSeconds(20)).ignoreException(ServiceUnavailableException.class).untilAsserted(() ->
                assertThat(survivor.call(key, new ReplicatedProcessesTest.Get())).isEqualTo(1));
        cluster.awaitSafe();
        assertThat(survivor.callOrStart(key, new ReplicatedProcessesTest.Add(1))).isEqualTo(2);
        assertThat(keys.reserve("during", "POST /api/jobs {}")).isInstanceOf(Claim.Reserved.class);
        jobs.adopt("job-after");
        // the refused request retried here: its id's forgetting goes first, then the record of its job
        assertThat(jobs.adopt(refused)).isTrue();
        assertThat(jobs.locate(job)).as("the end not recorded yet").isInstanceOf(JobHomes.Home.Here.class);
        JobHomes joined = new ClusterJobHomes(cluster.member(3), new Modules());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            jobs.recordAgain(); // as its schedule does, every second
            assertThat(joined.locate(job)).isEqualTo(new JobHomes.Home.Ended(done));
            assertThat(joined.locate(cancelled)).isInstanceOf(JobHomes.Home.Unknown.class);
        });
        assertThat(joined.locate(refused)).as("the retry's job, recorded after the forgetting")
                .isInstanceOf(JobHomes.Home.Elsewhere.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * Hazelcast updates its protection on an executor of its own after the member list changes; held here, as a
     * member just resumed from a pause may hold it for a moment. Until it ran, the member left alone ran writes on
     * its own copies and acknowledged them with no backup (a chaos probe: an increment answered 53 where the others
     * had acknowledged 67), writes the merge then discards. A job's end and its forgetting, sent without waiting,
     * are refused alike, and recorded once another member has joined.
     */
    @Test
    void aMemberLeftAlone_refusesWritesReadsCreatesIdempotencyKeysAndJobs_beforeHazelcastsProtectionHasCaughtUp() {
        KeyedProcesses survivor = ReplicatedProcessesTest.processes(cluster.member(2), "tally", 100, false, clock);
        IdempotencyStore keys = new ReplicatedIdempotencyStore(cluster.member(2)::instance, Duration.ofHours(1),
                Long.MAX_VALUE);
        String key = InJvmCluster.keyOwnedBy(cluster.member(2), "k-");
        String idempotencyKey = InJvmCluster.keyOwnedBy(cluster.member(2), "idem-");
        ClusterJobHomes jobs = new ClusterJobHomes(cluster.member(2), new Modules());
        String job = InJvmCluster.keyOwnedBy(cluster.member(2), "job-");
        // recorded before the others go, and ended or forgotten while this member is alone
        String ending = InJvmCluster.keyOwnedBy(cluster.member(2), "ending-");
        String forgotten = InJvmCluster.keyOwnedBy(cluster.member(2), "forgotten-");
        jobs.adopt(ending);
        jobs.adopt(forgotten);
        IMap<String, JobRecord> copies = cluster.member(2).instance().getMap(ClusterJobHomes.MAP);
        JobRecord running = copies.get(ending);
        JobView done = new JobView(ending, "succeeded", null);
        survivor.callOrStart(key, new ReplicatedProcessesTest.Add(1));
        CountDownLatch release = new CountDownLatch(1);
        ((HazelcastInstanceProxy) cluster.member(2).instance()).getOriginal().node.getNodeEngine()
                .getExecutionService().execute("hz:splitBrainProtection", () -> {
                    try {
                        release.await();
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    }
                });
        try {
            cluster.member(0).instance().getLifecycleService().terminate();
            cluster.member(1).instance().getLifecycleService().terminate();
            cluster.awaitSafe(); // alone, its partitions its own, none with a backup to wait for

            assertThatThrownBy(() -> survivor.callOrStart(key, new ReplicatedProcessesTest.Add(1)))
                    .isInstanceOf(ServiceUnavailableException.class);
            assertThatThrownBy(() -> survivor.call(key, new ReplicatedProcessesTest.Get()))
                    .isInstanceOf(ServiceUnavailableException.class);
            // a process created here would be answered 201, then gone after the merge
            assertThatThrownBy(() -> survivor.create(() -> new ReplicatedProcessesTest.Tally(clock)))
                    .isInstanceOf(ServiceUnavailableException.class);
            // the other side may take this key meanwhile: a job under it would be accepted on each side
            assertThatThrownBy(() -> keys.reserve(idempotencyKey, "POST /api/jobs {}"))
                    .isInstanceOf(ServiceUnavailableException.class);
            // a record written here would be gone after the merge: every instance would answer 404 for the job
            assertThatThrownBy(() -> jobs.adopt(job)).isInstanceOf(ServiceUnavailableException.class);
            // and one the other side records meanwhile is not here: not found, where the answer is unknown
            assertThatThrownBy(() -> jobs.locate(job)).isInstanceOf(ServiceUnavailableException.class);
            // an end or a forgetting written on this copy would be discarded by the merge: the job would read as
            // running here after it ended, or be found again after it was forgotten
            jobs.ended(done);
            jobs.forgotten(forgotten);
            // read after them on the partition's thread, by a get that Hazelcast's protection lets through still
            assertThat(copies.get(ending)).as("an end written on a copy the merge discards").isEqualTo(running);
            assertThat(copies.get(forgotten)).as("a forgetting on a copy the merge discards").isNotNull();
        } finally {
            release.countDown();
        }

        JobHomes joined = new ClusterJobHomes(cluster.join(), new Modules());
        cluster.awaitSafe();
        await().atMost(Duration.ofSeconds(10)).ignoreException(ServiceUnavailableException.class).untilAsserted(() -> {
            jobs.recordAgain(); // as its schedule does, every second
            assertThat(joined.locate(ending)).isEqualTo(new JobHomes.Home.Ended(done));
            assertThat(joined.locate(forgotten)).isInstanceOf(JobHomes.Home.Unknown.class);
        });
    }
}
