package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A member paused (SIGSTOP) past the heartbeat timeout is removed by the other two, and they stay one cluster for as
 * long as it stays paused. Once it is removed, a survivor reconnects to it (its search for a cluster to merge with
 * does), and the kernel completes that connection for the stopped process; Hazelcast 5.7's outbound IO thread
 * carrying it then spins, and with selection-key wakeups (Hazelcast's default, which
 * {@link ClusterMember#SELECTION_KEY_WAKEUP} turns off) the survivor's other connections on that thread stop
 * writing: its heartbeats no longer leave, and the survivors removed each other a heartbeat timeout later (6 of 6
 * runs of this test with wakeups on, each member's search every second and one outbound IO thread a member).
 * Prints the survivors' outbound IO threads' CPU time, and is skipped (not passed) in a run where neither thread
 * spun: that run did not meet the case.
 */
class PausedMemberSurvivorsTest {

    private static final int MEMBERS = 3;
    /** Short, so that the pause is short; not the shortest, since a survivor's spin keeps a core busy meanwhile. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** The survivors watched once the victim is removed: they split a heartbeat timeout after it, in those runs. */
    private static final Duration WATCHED = HEARTBEAT_TIMEOUT.multipliedBy(2).plusSeconds(2);
    /** One outbound IO thread a member: every connection shares the thread that spins. */
    private static final String EVERY_CONNECTION_ON_ONE_THREAD = "-Dhazelcast.io.output.thread.count=1";
    /**
     * Hazelcast's search for a cluster to merge with connects to every configured address, the paused member's
     * among them (300 s after start, then every 120 s, by default): every second, the reconnection comes at once.
     */
    private static final String SEARCH_EVERY_SECOND_FIRST = "-Dhazelcast.merge.first.run.delay.seconds=1";
    private static final String SEARCH_EVERY_SECOND = "-Dhazelcast.merge.next.run.delay.seconds=1";
    private static final Duration STARTUP = Duration.ofSeconds(100);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<MemberJvm> members = new ArrayList<>();

    @Test
    void theSurvivorsOfAPausedMember_stayOneCluster() throws Exception {
        try {
            MemberJvm.startCluster(members, "survivors", MEMBERS, 2, List.of(EVERY_CONNECTION_ON_ONE_THREAD,
                    SEARCH_EVERY_SECOND_FIRST, SEARCH_EVERY_SECOND), STARTUP,
                    "--genserver.cluster.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toSeconds());
            int victim = MemberJvm.notTheMaster(members);
            List<MemberJvm> survivors = members.stream().filter(member -> member != members.get(victim)).toList();

            members.get(victim).pause();
            long paused = System.nanoTime();
            await("the paused member removed by both survivors").atMost(PATIENCE).until(() -> survivors.stream()
                    .allMatch(survivor -> survivor.membersSeen().size() == MEMBERS - 1));
            Duration removed = Duration.ofNanos(System.nanoTime() - paused);
            long deadline = System.nanoTime() + WATCHED.toNanos();
            int readings = 0;
            while (System.nanoTime() - deadline < 0) {
                for (MemberJvm survivor : survivors) {
                    long into = Duration.ofNanos(System.nanoTime() - paused).toMillis();
                    assertThat(survivor.membersSeen()).as(() -> "the members survivor " + survivor.clusterPort + " sees, "
                            + into + " ms into the pause (the survivors' outbound IO threads' CPU, ms: "
                            + survivors.stream().map(PausedMemberSurvivorsTest::outboundCpuMillis).toList() + ")")
                            .hasSize(MEMBERS - 1);
                }
                readings++;
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            List<Long> cpu = survivors.stream().map(PausedMemberSurvivorsTest::outboundCpuMillis).toList();
            System.out.printf("Paused member: removed %d ms into the pause; the survivors read together %d times over "
                    + "the next %d ms; their outbound IO threads' CPU then: %s ms%n", removed.toMillis(), readings,
                    WATCHED.toMillis(), cpu);
            assumeTrue(cpu.stream().anyMatch(millis -> millis > WATCHED.toMillis() / 2),
                    "no survivor's outbound IO thread spun, so this run did not meet the case it watches for");
        } finally {
            members.forEach(MemberJvm::close);
        }
    }

    /**
     * The CPU time of {@code member}'s busiest outbound IO thread so far, from a thread dump, in milliseconds: near
     * the time watched when it spun, a few milliseconds when it did not.
     */
    private static long outboundCpuMillis(MemberJvm member) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(member.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return dump.lines().filter(line -> line.contains("IO.thread-out"))
                    .map(line -> line.replaceAll(".* cpu=([0-9]+)(\\.[0-9]+)?ms.*", "$1"))
                    .mapToLong(Long::parseLong).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
