package dev.genserver.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Failover time as a client sees it: from the kill until every key has answered a read (2xx) from a survivor. Each
 * key is polled on its own virtual thread, the survivors taking turns (the keys start on different ones, so that each
 * survivor gets half of the first reads), and a request that fails or times out is simply sent again; the key's time
 * is when its first good answer arrived.
 */
final class FailoverProbe {

    private FailoverProbe() {
    }

    /**
     * @param reads      one GET path per key
     * @param killNanos  {@link System#nanoTime()} just before the SIGKILL
     * @return the longest time, over the keys, from the kill to its first good answer
     */
    static Duration measure(ClusterClient client, List<Integer> survivors, List<String> reads, long killNanos,
            Duration patience) throws InterruptedException {
        return Duration.ofNanos(Arrays.stream(answerTimes(client, survivors, reads, killNanos, patience)).max()
                .orElse(0));
    }

    /** Per key, in the order of {@code reads}, the nanoseconds from the kill to its first good answer. */
    static long[] answerTimes(ClusterClient client, List<Integer> survivors, List<String> reads, long killNanos,
            Duration patience) throws InterruptedException {
        return answerTimes(client, survivors, reads, killNanos, patience, new ConcurrentHashMap<>(),
                new long[reads.size()]);
    }

    /**
     * As {@link #answerTimes(ClusterClient, List, List, long, Duration)}, counting into {@code failures} the answers
     * that were not good, by status and the problem's {@code error} (status 0: no answer, a broken connection or a
     * timeout), and into {@code asked} when,
     * in nanoseconds from the kill, each key's good answer was asked for.
     */
    static long[] answerTimes(ClusterClient client, List<Integer> survivors, List<String> reads, long killNanos,
            Duration patience, Map<String, LongAdder> failures, long[] asked) throws InterruptedException {
        long deadline = killNanos + patience.toNanos();
        long[] answered = new long[reads.size()];
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            int key = i;
            pollers.add(Thread.ofVirtual().start(() -> {
                for (int attempt = 0; System.nanoTime() - deadline < 0; attempt++) {
                    long sent = System.nanoTime() - killNanos;
                    ClusterClient.Answer answer = client.get(survivors.get((key + attempt) % survivors.size()),
                            reads.get(key));
                    if (answer.ok()) {
                        answered[key] = System.nanoTime() - killNanos;
                        asked[key] = sent;
                        return;
                    }
                    failures.computeIfAbsent(kind(answer), status -> new LongAdder()).increment();
                    LockSupport.parkNanos(2_000_000); // a poll interval, then ask again
                }
            }));
        }
        for (Thread poller : pollers) {
            poller.join();
        }
        for (int i = 0; i < answered.length; i++) {
            if (answered[i] == 0) {
                throw new AssertionError(reads.get(i) + " did not answer from a survivor within " + patience
                        + "; the answers that were not good, by kind: " + failures);
            }
        }
        return answered;
    }

    /** {@code 503 indeterminate}: the status and, when the body is a problem, its {@code error}. */
    private static String kind(ClusterClient.Answer answer) {
        try {
            return answer.status() + " " + answer.json().path("error").asString("?");
        } catch (RuntimeException notJson) {
            return Integer.toString(answer.status());
        }
    }
}
