package dev.genserver.cluster;

import dev.genserver.GenServerApplication;
import dev.genserver.testing.FreePorts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * A measurement, not a test (src/test/perf/failover.sh runs it; {@code ./mvnw verify} does not): a cluster of
 * three members in JVMs of their own on loopback, {@code keys} named counters, and {@code kills} rounds of SIGKILL
 * to one member (each in turn, so each time the one owning a third of the keys), each round opening the client's
 * connections to the survivors first and then timing how long until every key answered a read from a survivor with
 * its last acknowledged value, then restarting the member and waiting for the cluster to be whole and stable again.
 * Prints each round and the distribution. Then heap per idle process:
 * {@code idle} more named counters made through all three members, the live heap of each member (after a full GC,
 * {@code jcmd GC.run}) before and after, and the difference divided by their number.
 *
 * <p>System properties: {@code kills} (20), {@code keys} (300), {@code idle} (100000), {@code jar} (the packaged
 * jar; without it the members run from this JVM's classpath), {@code logs} (print the survivors' last log lines
 * after each kill), and {@link MemberJvm}'s {@code member.jvm.options}, {@code member.args} and
 * {@code hazelcast.jvm.flags}.
 */
public final class FailoverTimes {

    private static final int MEMBERS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private FailoverTimes() {
    }

    public static void main(String[] args) throws Exception {
        int kills = Integer.getInteger("kills", 20);
        int keys = Integer.getInteger("keys", 300);
        int idle = Integer.getInteger("idle", 100_000);
        String jar = System.getProperty("jar");
        List<String> launch = jar != null ? List.of("-jar", jar)
                : List.of("-cp", System.getProperty("java.class.path"), GenServerApplication.class.getName());
        List<Integer> clusterPorts = IntStream.range(0, MEMBERS).mapToObj(i -> FreePorts.next()).toList();
        String name = "failover-" + UUID.randomUUID();
        List<MemberJvm> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(MemberJvm.of(launch, name, clusterPorts, i, 2,
                    "--genserver.counters.max-count=" + (keys + idle + 1000)));
        }
        ClusterClient client = new ClusterClient(Duration.ofSeconds(30));
        try {
            for (MemberJvm member : members) {
                member.start();
            }
            awaitWhole(members);
            long[] expected = new long[keys];
            for (int k = 0; k < keys; k++) {
                for (int n = 0; n <= k % 3; n++) {
                    expected[k] = client.required(members.get(k % MEMBERS).port, "POST",
                            "/api/counters/f" + k + "/increment", null).get("value").asLong();
                }
            }
            List<String> reads = IntStream.range(0, keys).mapToObj(k -> "/api/counters/f" + k).toList();

            long[] failovers = new long[kills];
            for (int round = 0; round < kills; round++) {
                MemberJvm victim = members.get(round % MEMBERS);
                List<Integer> survivors = members.stream().filter(m -> m != victim).map(m -> m.port).toList();
                openConnections(client, survivors, reads);
                long kill = System.nanoTime();
                victim.kill();
                Map<String, LongAdder> failures = new ConcurrentHashMap<>();
                long[] asked = new long[keys];
                long[] times = FailoverProbe.answerTimes(client, survivors, reads, kill, PATIENCE, failures, asked);
                int last = IntStream.range(0, keys).boxed().max(Comparator.comparingLong(k -> times[k])).orElseThrow();
                failovers[round] = Arrays.stream(times).max().orElseThrow();
                for (int k = 0; k < keys; k++) {
                    long value = client.required(survivors.get(k % survivors.size()), "GET", reads.get(k), null)
                            .get("value").asLong();
                    if (value != expected[k]) {
                        throw new AssertionError(reads.get(k) + " is " + value + " after the kill, not " + expected[k]);
                    }
                }
                // the slowest third of the keys are about those the victim owned: when the first and the middle of
                // them answered tells promotion (the earliest) apart from the retries that follow it (the spread)
                long[] sorted = times.clone();
                Arrays.sort(sorted);
                long[] slowest = Arrays.copyOfRange(sorted, sorted.length * 2 / 3, sorted.length);
                long twoThirds = sorted[Math.max(0, sorted.length * 2 / 3 - 1)];
                System.out.printf("kill %2d: member :%d; every key answered after %5d ms (keys over 2 s: %d; two "
                                + "thirds by %d ms, the slowest third from %d ms, half of them by %d ms; answers not 2xx before, by status "
                                + "and error (0: none): %s; the last asked at %d ms); values all as acknowledged%n",
                        round + 1, victim.clusterPort, failovers[round] / 1_000_000,
                        Arrays.stream(times).filter(t -> t > 2_000_000_000L).count(), twoThirds / 1_000_000,
                        slowest[0] / 1_000_000,
                        slowest[slowest.length / 2] / 1_000_000, new TreeMap<>(failures), asked[last] / 1_000_000);
                if (Boolean.getBoolean("logs")) {
                    System.out.println("killed at " + Instant.now().minusNanos(System.nanoTime() - kill));
                    members.stream().filter(m -> m != victim).forEach(m -> System.out.println(m.log()));
                }
                victim.start();
                awaitWhole(members);
            }
            Arrays.sort(failovers);
            System.out.printf("failover over %d SIGKILLs, %d keys: p50 %d ms, p90 %d ms, max %d ms%n", kills, keys,
                    percentile(failovers, 50), percentile(failovers, 90), failovers[kills - 1] / 1_000_000);

            if (idle > 0) {
                heapPerIdleProcess(members, client, idle);
            }
        } finally {
            members.forEach(MemberJvm::close);
        }
    }

    /**
     * Reads every key through each survivor at once, so that the client holds as many open connections to each as the
     * probe will use, as a client's connection pool does. Without this, each round's first reads opened a few hundred
     * connections to the survivors at the moment of the kill (the earlier ones had gone idle during the restart), and
     * Tomcat registers each new connection's processor under one lock: up to 155 requests were seen queued there
     * 1.1 s after a kill, a cost of the client's connection burst, not of the failover.
     */
    private static void openConnections(ClusterClient client, List<Integer> survivors, List<String> reads)
            throws InterruptedException {
        List<Thread> readers = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        for (int port : survivors) {
            for (String read : reads) {
                readers.add(Thread.ofVirtual().start(() -> {
                    if (!client.get(port, read).ok()) {
                        failed.incrementAndGet();
                    }
                }));
            }
        }
        for (Thread reader : readers) {
            reader.join();
        }
        if (failed.get() > 0) {
            throw new AssertionError(failed.get() + " reads failed before the kill, with every member up");
        }
    }

    private static void heapPerIdleProcess(List<MemberJvm> members, ClusterClient client, int idle)
            throws Exception {
        long[] before = liveHeaps(members);
        Semaphore inFlight = new Semaphore(64);
        AtomicLong failed = new AtomicLong();
        List<Thread> writes = new ArrayList<>(idle);
        for (int i = 0; i < idle; i++) {
            inFlight.acquire();
            int port = members.get(i % MEMBERS).port;
            String path = "/api/counters/idle" + i + "/increment";
            writes.add(Thread.ofVirtual().start(() -> {
                try {
                    if (!client.send(port, "POST", path, null).ok()) {
                        failed.incrementAndGet();
                    }
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread write : writes) {
            write.join();
        }
        long[] after = liveHeaps(members);
        long total = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            total += after[i] - before[i];
            each.append(String.format(" :%d %+.1f MB", members.get(i).clusterPort, (after[i] - before[i]) / 1e6));
        }
        System.out.printf("heap per idle process: %d named counters (%d failed) took%s; %d bytes per process in the "
                        + "cluster (owner and backup copies, over all members), %d bytes per process per member%n",
                idle, failed.get(), each, total / idle, total / idle / MEMBERS);
    }

    /** Each member's heap in use after a full collection. */
    private static long[] liveHeaps(List<MemberJvm> members) throws IOException, InterruptedException {
        long[] heaps = new long[members.size()];
        for (int i = 0; i < heaps.length; i++) {
            String jcmd = ProcessHandle.current().info().command().orElseThrow().replaceAll("java$", "jcmd");
            Process gc = new ProcessBuilder(jcmd, Long.toString(members.get(i).pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (gc.waitFor() != 0) {
                throw new IllegalStateException("jcmd GC.run failed on member " + members.get(i).clusterPort);
            }
            heaps[i] = members.get(i).heapUsed();
        }
        return heaps;
    }

    private static void awaitWhole(List<MemberJvm> members) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        for (MemberJvm member : members) {
            member.awaitReady(MEMBERS, deadline);
        }
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1_000_000;
    }
}
