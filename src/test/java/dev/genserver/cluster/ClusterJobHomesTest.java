package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.jobs.JobHomes;
import dev.genserver.jobs.JobView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where jobs live in a cluster: recorded by the member that runs them, asked of it, and lost with it unless they
 * had ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterJobHomesTest {

    /**
     * Three members, each cluster with modules of its own: shared by the tests that leave the members as they are,
     * each with ids of its own, and formed afresh for each test that stops one.
     */
    private final ClassClusters clusters = new ClassClusters(
            () -> new InJvmCluster(3, ReplicatedProcessesTest.modules(new PinnedClock(Clock.systemUTC()))));
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

    @Test
    void aJob_isHereOnItsMember_askedOfItFromOthers_lostWithIt_andUnknownIdsAreNowhere() {
        cluster = clusters.own();
        // every member of this test shares one Modules: the answer names the member whose thread ran it
        homes(0).serve((question, id) -> question + " " + id + " on " + Thread.currentThread().getName());
        homes(0).adopt("job-1");

        assertThat(homes(0).locate("job-1")).isInstanceOf(JobHomes.Home.Here.class);
        assertThat(homes(2).locate("job-1")).isInstanceOfSatisfying(JobHomes.Home.Elsewhere.class,
                elsewhere -> assertThat((String) elsewhere.ask().apply(JobHomes.Question.FIND))
                        .startsWith("FIND job-1 on ").contains(cluster.member(0).instance().getName()));
        assertThat(homes(1).locate("job-2")).isInstanceOf(JobHomes.Home.Unknown.class);

        cluster.member(0).instance().getLifecycleService().terminate();
        cluster.awaitSafe();

        assertThat(homes(1).locate("job-1")).isInstanceOf(JobHomes.Home.Lost.class);
        assertThat(homes(2).locate("job-1")).isInstanceOf(JobHomes.Home.Lost.class);
    }

    @Test
    void aJobsEnd_outlivesItsMember_andAForgottenJob_isNowhere() {
        cluster = clusters.own();
        JobView done = new JobView("job-3", "succeeded", null);
        homes(0).adopt("job-3");
        homes(0).ended(done);
        await().atMost(Duration.ofSeconds(10)).until(() -> homes(1).locate("job-3") instanceof JobHomes.Home.Ended);
        homes(0).adopt("job-3"); // a repeated adopt (a write sent again after a lost member) keeps the end
        homes(0).adopt("job-4");
        homes(0).forgotten("job-4");
        await().atMost(Duration.ofSeconds(10)).until(() -> homes(1).locate("job-4") instanceof JobHomes.Home.Unknown);

        cluster.member(0).instance().getLifecycleService().terminate();
        cluster.awaitSafe();

        assertThat(homes(2).locate("job-3")).isEqualTo(new JobHomes.Home.Ended(done));
        assertThat(homes(1).locate("job-4")).isInstanceOf(JobHomes.Home.Unknown.class);
    }

    /** An id recorded by another member is that member's job (a keyed request's first attempt submitted it). */
    @Test
    void anIdRecordedElsewhere_isNotAdoptedHere_butOneRecordedHereIs_again() {
        assertThat(homes(0).adopt("job-5")).isTrue();
        assertThat(homes(1).adopt("job-5")).isFalse();
        assertThat(homes(0).adopt("job-5")).as("its own write, sent again").isTrue();
        assertThat(homes(1).locate("job-5")).isInstanceOf(JobHomes.Home.Elsewhere.class);
    }

    @Test
    void askingTheOthers_getsOneAnswerFromEachOtherMember() {
        homes(0).serve((question, id) -> question + " on " + Thread.currentThread().getName());

        List<Object> answers = homes(1).askOthers(JobHomes.Question.STATS);

        assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat((String) answer).startsWith("STATS on "));
        for (int other : new int[] {0, 2}) {
            String name = cluster.member(other).instance().getName();
            assertThat(answers).as("answered on " + name).anySatisfy(answer -> assertThat((String) answer)
                    .contains(name));
        }
    }

    private JobHomes homes(int member) {
        return new ClusterJobHomes(cluster.member(member), cluster.modules());
    }
}
