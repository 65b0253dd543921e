package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.observability.Members;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The observer's members in cluster mode: every member with the replicated processes it owns and its runtime's,
 * and their services, published by each for the others; after a member's loss its processes show on the survivors.
 */
class ClusterMembersTest {

    private static final int KEYS = 60;

    private final PinnedClock clock = new PinnedClock(Clock.systemUTC());
    private final Modules modules = ReplicatedProcessesTest.modules(clock, "tally");
    private final InJvmCluster cluster = new InJvmCluster(3, modules);
    private final ProcessRuntime runtime = ProcessRuntime.create();

    @AfterEach
    void close() {
        cluster.close();
        runtime.close();
    }

    @Test
    void everyMember_showsTheProcessesItOwns_andALostMembersMoveToTheSurvivors() {
        List<ClusterMembers> views = viewsOfTallies();
        views.forEach(ClusterMembers::publish);

        // a replicated map copies a put to the other members asynchronously: the others' loads arrive shortly
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Members.Member> seen = views.get(1).members();
            assertThat(seen).hasSize(3);
            assertThat(seen).filteredOn(Members.Member::local).singleElement()
                    .satisfies(local -> assertThat(local.name()).isEqualTo(views.get(1).self()));
            assertThat(seen.stream().mapToInt(Members.Member::processes).sum()).isEqualTo(KEYS); // runtime empty
            assertThat(seen).allSatisfy(member -> assertThat(member.services()).containsExactly("tally"));
        });
        GenServer<String> calculator = () -> Init.ok("idle");
        runtime.start(calculator, StartOptions.DEFAULTS.withService("calculator"));
        views.get(1).publish();
        assertThat(views.get(1).members()).filteredOn(Members.Member::local).singleElement()
                .satisfies(local -> assertThat(local.services()).containsExactly("calculator", "tally"));
        assertThat(views.get(1).self()).endsWith(":" + cluster.member(1).instance().getCluster().getLocalMember()
                .getAddress().getPort());

        cluster.member(0).instance().getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            views.subList(1, 3).forEach(ClusterMembers::publish);
            List<Members.Member> after = views.get(2).members();
            assertThat(after).hasSize(2);
            // the runtime both views share holds the one calculator; each view counts it
            assertThat(after.stream().mapToInt(Members.Member::processes).sum()).isEqualTo(KEYS + 2);
        });
    }

    /**
     * A member that has begun to stop keeps showing what it hosts, as leaving, until it has left: its publishing
     * stopped with the context's close while it drained for seconds more, and it showed as up with no processes. A
     * member that has published nothing is unknown, not up with none.
     */
    @Test
    void aMemberThatIsStopping_showsAsLeavingWithItsProcesses_andOneWithoutALoadAsUnknown() {
        List<ClusterMembers> views = viewsOfTallies();
        views.subList(0, 2).forEach(ClusterMembers::publish);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(views.get(1).members())
                .extracting(Members.Member::status).containsExactlyInAnyOrder("up", "up", "unknown"));
        int hosted = views.get(1).members().stream().filter(member -> member.name().equals(views.get(0).self()))
                .findFirst().orElseThrow().processes();
        assertThat(hosted).isPositive();

        views.get(0).leave();
        views.get(0).publish(); // a tick after the close: the leaving load stands

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(views.get(1).members())
                .filteredOn(member -> member.name().equals(views.get(0).self())).singleElement()
                .satisfies(leaving -> {
                    assertThat(leaving.status()).isEqualTo("leaving");
                    assertThat(leaving.processes()).isEqualTo(hosted);
                }));
        assertThat(views.get(0).members()).filteredOn(Members.Member::local).singleElement()
                .satisfies(local -> assertThat(local.status()).isEqualTo("leaving"));
    }

    /** Starts {@link #KEYS} replicated tallies, then a members view on each member, none published yet. */
    private List<ClusterMembers> viewsOfTallies() {
        KeyedProcesses tallies = ReplicatedProcessesTest.processes(cluster.member(0), "tally", 1000, false, clock);
        for (int i = 0; i < KEYS; i++) {
            tallies.callOrStart("key-" + i, new ReplicatedProcessesTest.Add(1));
        }
        return cluster.members().stream()
                .map(member -> new ClusterMembers(member, modules, runtime, runtime::services)).toList();
    }
}
