package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genserver.cluster.ClusterClient.Answer;
import dev.genserver.observability.ObservabilityProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A member of three, each an instance in a JVM of its own on loopback, paused (SIGSTOP) long enough to be declared
 * dead, then resumed and merged back: twice, on one cluster started for the class (three JVMs take most of a
 * minute to start on a small machine, a merge back a few seconds). Each test begins once every member is ready
 * and sees all three, as a freshly started cluster is, and ends with every member resumed; the survivors' test
 * runs first, since it reads the CPU time its survivors' IO threads have spent since they started.
 *
 * <p>The survivors of a paused member: it is removed by the other two, and they stay one cluster for as long as
 * it stays paused. Once it is removed, a survivor reconnects to it (its search for a cluster to merge with does),
 * and the kernel completes that connection for the stopped process; Hazelcast 5.7's outbound IO thread carrying it
 * then spins, and with selection-key wakeups (Hazelcast's default, which {@link ClusterMember#SELECTION_KEY_WAKEUP}
 * turns off) the survivor's other connections on that thread stop writing: its heartbeats no longer leave, and the
 * survivors removed each other a heartbeat timeout later (6 of 6 runs of this test with wakeups on, each member's
 * search every second and one outbound IO thread a member). Prints the survivors' outbound IO threads' CPU time,
 * and is skipped (not passed) in a run where neither thread spun: that run did not meet the case.
 *
 * <p>Keyed jobs across the pause, the pause that once ran a job twice: writers submit jobs under keys of their own
 * through the two members that are not paused, each retried under its key until answered. Before the pause, a
 * keyed submit is left waiting in the victim's suspended queue, its job's home recorded there; its retry through
 * another member, once the victim is taken for dead, must be answered with that job ({@code failed},
 * {@code node_down}) and not queue another. After the victim resumes and merges back, and its queue resumes too,
 * the members together have run every acknowledged writer's job and the held one, each once: the held submit, its
 * caller long gone (told 504 {@code timeout}), still runs, as a gen_server still handles a call whose caller's
 * timeout ran out.
 *
 * <p>The writers' jobs never go to the victim, so the pause reaches them only through their records' partitions;
 * the held submit is the one that crosses the pause.
 *
 * <p>Named counters cross it too: started before the pause, half deleted while the victim is paused (plainly, so
 * no tombstone is left) and half incremented, each through a member that is not paused. Once the victim has merged
 * back, every member reads each deleted counter 404 and each other at its acknowledged value: the victim's stale
 * copies, refused every write while it was alone, are no part of the merge ({@code MemberConfig#replicatedMap}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PausedMemberTest {

    private static final int MEMBERS = 3;
    private static final int WRITERS = 3;
    /**
     * Short, so that the pauses are short; not the shortest the service takes (3 s), since a survivor's spin keeps a
     * core busy meanwhile.
     */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** The survivors watched once the victim is removed: they split a heartbeat timeout after it, in those runs. */
    private static final Duration WATCHED = HEARTBEAT_TIMEOUT.multipliedBy(2).plusSeconds(2);
    /** One outbound IO thread a member: every connection shares the thread that spins. */
    private static final String EVERY_CONNECTION_ON_ONE_THREAD = "-Dhazelcast.io.output.thread.count=1";
    /**
     * Hazelcast's search for a cluster to merge with connects to every configured address, the paused member's
     * among them (300 s after start, then every 120 s, by default): every second, the reconnection comes at once,
     * and a resumed victim, a cluster of its own until its search finds the others, merges back within seconds.
     */
    private static final String SEARCH_EVERY_SECOND_FIRST = "-Dhazelcast.merge.first.run.delay.seconds=1";
    private static final String SEARCH_EVERY_SECOND = "-Dhazelcast.merge.next.run.delay.seconds=1";
    /**
     * Every job kept for the checks: past retention (1,000 a member by default) a queue forgets its oldest finished
     * jobs and their records, which would then read 404, and a fast machine runs that many here.
     */
    private static final String KEEP_EVERY_JOB = "--genserver.jobs.retention=1000000";
    private static final String HELD_JOB = "{\"durationMs\":1}";
    /** Acknowledged jobs before the pause, and again while the victim is paused. */
    private static final int JOBS_PER_PHASE = 150;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /** Long enough for a record held up by the paused member's partitions, or a merge, to come through. */
    private static final Duration RETRY_PATIENCE = Duration.ofSeconds(60);
    /** Named counters started before the pause: enough that the victim owns or backs up some of them. */
    private static final int COUNTERS = 40;
    private static final Duration STARTUP = Duration.ofSeconds(100);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ClusterClient client = new ClusterClient(Duration.ofSeconds(30));
    private final List<MemberJvm> members = new ArrayList<>();
    /** Each acknowledged writer's key, and the job it was answered with. */
    private final Map<String, String> jobs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile int victim = -1;
    private volatile boolean stopping;

    @BeforeAll
    void startCluster() throws Exception {
        try {
            // allowed to suspend a queue
            MemberJvm.startCluster(members, "paused", MEMBERS, 2, List.of(EVERY_CONNECTION_ON_ONE_THREAD,
                    SEARCH_EVERY_SECOND_FIRST, SEARCH_EVERY_SECOND), STARTUP,
                    "--genserver.cluster.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toSeconds(), KEEP_EVERY_JOB,
                    "--" + ObservabilityProperties.ALLOW_KILL + "=true");
        } catch (Exception | Error e) {
            members.forEach(MemberJvm::close);
            throw e;
        }
    }

    /** A whole cluster, as it was started: every member ready, its partitions stable, seeing all three. */
    @BeforeEach
    void awaitWhole() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (MemberJvm member : members) {
            member.awaitReady(MEMBERS, deadline);
        }
    }

    /** Every member running again: the survivors' test ends with its victim paused, as may a test that failed. */
    @AfterEach
    void resumeEvery() throws Exception {
        for (MemberJvm member : members) {
            if (member.isAlive()) {
                member.resume();
            }
        }
    }

    @AfterAll
    void stopCluster() {
        members.forEach(MemberJvm::close);
    }

    @Test
    @Order(1)
    void theSurvivorsOfAPausedMember_stayOneCluster() throws Exception {
        MemberJvm paused = members.get(MemberJvm.notTheMaster(members));
        List<MemberJvm> survivors = members.stream().filter(member -> member != paused).toList();

        paused.pause();
        long pause = System.nanoTime();
        await("the paused member removed by both survivors").atMost(PATIENCE).until(() -> survivors.stream()
                .allMatch(survivor -> survivor.membersSeen().size() == MEMBERS - 1));
        Duration removed = Duration.ofNanos(System.nanoTime() - pause);
        long deadline = System.nanoTime() + WATCHED.toNanos();
        int readings = 0;
        while (System.nanoTime() - deadline < 0) {
            for (MemberJvm survivor : survivors) {
                long into = Duration.ofNanos(System.nanoTime() - pause).toMillis();
                assertThat(survivor.membersSeen()).as(() -> "the members survivor " + survivor.clusterPort + " sees, "
                        + into + " ms into the pause (the survivors' outbound IO threads' CPU, ms: "
                        + survivors.stream().map(PausedMemberTest::outboundCpuMillis).toList() + ")")
                        .hasSize(MEMBERS - 1);
            }
            readings++;
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        List<Long> cpu = survivors.stream().map(PausedMemberTest::outboundCpuMillis).toList();
        System.out.printf("Paused member: removed %d ms into the pause; the survivors read together %d times over "
                + "the next %d ms; their outbound IO threads' CPU then: %s ms%n", removed.toMillis(), readings,
                WATCHED.toMillis(), cpu);
        assumeTrue(cpu.stream().anyMatch(millis -> millis > WATCHED.toMillis() / 2),
                "no survivor's outbound IO thread spun, so this run did not meet the case it watches for");
    }

    @Test
    @Order(2)
    void aMemberPausedAndTakenForDead_runsNoKeyedJobTwice_andBringsBackNoDeletedProcess() throws Exception {
        try {
            victim = MemberJvm.notTheMaster(members);
            MemberJvm paused = members.get(victim);
            for (int i = 0; i < COUNTERS; i++) {
                client.required(members.get(i % MEMBERS).port, "POST", counter(i) + "/increment", null);
            }
            List<Thread> writers = IntStream.range(0, WRITERS).mapToObj(w -> Thread.ofPlatform().name("writer-" + w)
                    .uncaughtExceptionHandler((writer, e) -> failures.add(writer.getName() + ": " + e))
                    .start(() -> write(new Random(w)))).toList();
            await("jobs before the pause").atMost(PATIENCE).until(() -> jobs.size() >= JOBS_PER_PHASE);

            // no writer's job goes to the victim, so a message in its suspended queue's mailbox is this submit,
            // whose job's home was recorded before it was sent there
            String heldKey = UUID.randomUUID().toString();
            client.required(paused.managementPort, "POST", "/actuator/processes/jobs/suspend", null);
            CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> client.send(paused.port, "POST",
                    "/api/jobs", HELD_JOB, heldKey), Thread.ofVirtual()::start);
            await("the keyed submit waits in the victim's queue").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> client.get(paused.managementPort, "/actuator/processes/jobs").json().get("mailbox")
                            .asInt() > 0);
            paused.pause();
            long pause = System.nanoTime();
            Answer retried = retryUntilAnswered(new Random(), HELD_JOB, heldKey);
            assertThat(retried.status()).as("the held submit's retry: %s", retried).isEqualTo(202);
            JsonNode heldJob = retried.json();
            assertThat(heldJob.get("status").asString() + " " + heldJob.path("error").asString())
                    .as("the held submit's retry, its first attempt's member taken for dead: %s", heldJob)
                    .isEqualTo("failed node_down");
            Duration takenForDead = Duration.ofNanos(System.nanoTime() - pause);
            Map<String, String> countersAfter = changeCountersWhilePaused(new Random());
            int beforeResume = jobs.size();
            await("jobs while the victim is paused").atMost(PATIENCE)
                    .until(() -> jobs.size() >= beforeResume + JOBS_PER_PHASE);

            paused.resume();
            long resume = System.nanoTime();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (MemberJvm member : members) {
                member.awaitReady(MEMBERS, deadline); // the victim merged back
            }
            Duration merged = Duration.ofNanos(System.nanoTime() - resume);
            client.required(paused.managementPort, "POST", "/actuator/processes/jobs/resume", null);
            stopping = true;
            for (Thread writer : writers) {
                assertThat(writer.join(RETRY_PATIENCE.plus(PATIENCE))).as(writer.getName() + " stopped").isTrue();
            }
            assertThat(failures).as("writers' failures").isEmpty();

            String heldId = heldJob.get("id").asString();
            Answer first = held.join(); // answered once its member resumed, if its connection outlived the pause
            if (first.ok()) {
                assertThat(first.json().get("id").asString()).as("the held submit's first attempt: %s", first)
                        .isEqualTo(heldId);
            }
            for (MemberJvm member : members) {
                Answer again = client.send(member.port, "POST", "/api/jobs", HELD_JOB, heldKey);
                assertThat(again.status()).as("the held key again through %d: %s", member.port, again).isEqualTo(202);
                assertThat(again.json().get("id").asString()).as("the held key again through %d", member.port)
                        .isEqualTo(heldId);
            }
            checkRunOnce(heldId);
            checkCountersAfterTheMerge(countersAfter);
            System.out.printf("Paused member: paused %d ms, the held submit's retry answered %d ms into the pause, "
                    + "merged back %d ms after resuming; the held submit's first attempt: %s%n",
                    Duration.ofNanos(resume - pause).toMillis(), takenForDead.toMillis(), merged.toMillis(), first);
        } finally {
            stopping = true; // the writers end
        }
    }

    /**
     * Every key was answered with a job of its own. Once the queues are empty, every job, the writers' and the held
     * one, reads {@code succeeded} through every member, and the members together have run exactly those, each once.
     */
    private void checkRunOnce(String heldId) {
        List<String> ids = List.copyOf(jobs.values());
        assertThat(ids).as("jobs acknowledged").doesNotHaveDuplicates().doesNotContain(heldId);
        await("the queues are empty").atMost(PATIENCE).until(() -> {
            JsonNode stats = client.required(members.get(0).port, "GET", "/api/jobs/stats", null);
            return stats.get("queued").asInt() + stats.get("running").asInt() == 0;
        });
        List<String> all = new ArrayList<>(ids);
        all.add(heldId);
        for (String id : all) {
            for (MemberJvm member : members) {
                Answer read = client.get(member.port, "/api/jobs/" + id);
                assertThat(read.ok() ? read.json().get("status").asString() : read.toString())
                        .as("job %s through %d", id, member.port).isEqualTo("succeeded");
            }
        }
        for (MemberJvm member : members) {
            JsonNode stats = client.required(member.port, "GET", "/api/jobs/stats", null);
            assertThat(stats.get("succeeded").asLong() + " succeeded, " + stats.get("failed").asLong() + " failed")
                    .as("jobs run by the members, through %d", member.port)
                    .isEqualTo(all.size() + " succeeded, 0 failed");
        }
        System.out.printf("Paused member: %d keyed jobs acknowledged and the held one, each run once%n", ids.size());
    }

    private static String counter(int i) {
        return "/api/counters/paused-" + i;
    }

    /**
     * Deletes the even counters (no key: nothing remembers the stop) and increments the odd ones under a key each,
     * through members that are not paused; what each then reads as, by its path: 404, or its acknowledged answer.
     */
    private Map<String, String> changeCountersWhilePaused(Random random) {
        Map<String, String> after = new HashMap<>();
        for (int i = 0; i < COUNTERS; i++) {
            boolean delete = i % 2 == 0;
            Answer answer = retryUntilAnswered(random, delete ? "DELETE" : "POST",
                    counter(i) + (delete ? "" : "/increment"), null, delete ? null : UUID.randomUUID().toString());
            // a deletion's retry after an attempt whose outcome was unknown may find it done already
            assertThat(answer.status()).as("%s while the victim is paused: %s", counter(i), answer)
                    .isIn(delete ? List.of(204, 404) : List.of(200));
            after.put(counter(i), delete ? "404" : "200 " + answer.body());
        }
        return after;
    }

    /** Every member reads each counter as it was left while the victim was paused. */
    private void checkCountersAfterTheMerge(Map<String, String> after) {
        for (MemberJvm member : members) {
            after.forEach((path, expected) -> {
                Answer read = client.get(member.port, path);
                assertThat(read.status() == 404 ? "404" : read.status() + " " + read.body())
                        .as("%s through %d once the victim merged back", path, member.port).isEqualTo(expected);
            });
        }
    }

    /** Keyed job submits through a member other than the victim, each retried under its key until answered. */
    private void write(Random random) {
        while (!stopping) {
            String key = UUID.randomUUID().toString();
            Answer answer = retryUntilAnswered(random, "{\"durationMs\":" + random.nextInt(20) + "}", key);
            if (answer.status() != 202) {
                failures.add("job submit " + key + ": " + answer);
                return;
            }
            jobs.put(key, answer.json().get("id").asString());
        }
    }

    /**
     * Sends the submit under {@code key} through a member other than the victim, again while its outcome is
     * unknown or an earlier attempt holds the key (409 {@code idempotency_key_in_use}); the first definite answer.
     */
    private Answer retryUntilAnswered(Random random, String json, String key) {
        return retryUntilAnswered(random, "POST", "/api/jobs", json, key);
    }

    /** As above, for any request; one without a key is sent again only when its outcome is unknown. */
    private Answer retryUntilAnswered(Random random, String method, String path, String json, String key) {
        long deadline = System.nanoTime() + RETRY_PATIENCE.toNanos();
        while (true) {
            Answer answer = client.send(notTheVictim(random), method, path, json, key);
            boolean inUse = answer.status() == 409 && answer.body().contains("idempotency_key_in_use");
            if (answer.fate() != ClusterClient.Fate.UNKNOWN && !inUse || System.nanoTime() - deadline > 0) {
                return answer;
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    private int notTheVictim(Random random) {
        return members.get((victim + 1 + random.nextInt(MEMBERS - 1)) % MEMBERS).port;
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
