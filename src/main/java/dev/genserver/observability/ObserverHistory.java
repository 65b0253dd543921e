package dev.genserver.observability;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ProcessStatistics;
import dev.genserver.runtime.ServiceSnapshot;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the observer's charts show of the last five minutes, sampled once a second by {@link ObserverSampler}:
 * messages handled per second (from the per-service counts the metrics export), the mailbox-wait p99 per service
 * over each second (from the same sampled histograms as {@code genserver_mailbox_wait_seconds}), and the mailbox
 * depth and message rate of the processes that matter to an operator: the {@link #BACKLOGS} deepest mailboxes of
 * each sample, from the second they back up (so opening one shows how its backlog grew, though nobody was looking
 * then), and the processes someone has opened lately. Nothing here touches the message path: each figure is a
 * difference between two readings of counts the runtime keeps anyway, and the deepest mailboxes are found by one
 * {@link ProcessRuntime#survey} per sample, taken only while some message is waiting somewhere.
 *
 * <p>Thread-safe: one sampling thread writes, page requests read, both under this object's lock (the sampler's
 * walk of the table excepted).
 */
final class ObserverHistory {

    /** Five minutes at one point a second. */
    static final int POINTS = 300;
    /** Opened processes whose mailbox depth is recorded at once; opening one more forgets the longest unseen. */
    static final int MAX_OPENED = 48;
    /**
     * Backed-up processes recorded at once, unopened; one more forgets the one longest out of the deepest. Apart
     * from the opened ones, so that a burst of backlogs never makes the observer forget what an operator opened.
     */
    static final int MAX_BACKLOGGED = 32;
    /** A process neither opened nor among the deepest mailboxes this long is no longer recorded. */
    static final Duration WATCH_FOR = Duration.ofMinutes(10);
    /** The deepest mailboxes of each sample, recorded from then on. */
    static final int BACKLOGS = 16;

    /**
     * The charts' data: parallel lists, one element per second, oldest first; null where nothing was measured. A
     * p99 past the largest bucket is given as that bucket's bound, and its index is in
     * {@code mailboxWaitPastLargestBucket} (for the services that have one): it was at least that long, the
     * histogram cannot tell how much longer, and the chart says "≥". {@code continues}: true where these are the
     * points after those a stream sent before ({@link #after}), absent where they are all there are.
     */
    record Series(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean continues, List<Long> at,
                  List<Double> messagesPerSecond, Map<String, List<Double>> mailboxWaitP99Millis,
                  Map<String, List<Integer>> mailboxWaitPastLargestBucket, @JsonIgnore long taken) {

        /** The points taken after {@code sent}'s last; all of them if {@code sent}'s are no longer all here. */
        Series after(Series sent) {
            int added = newPoints(taken, sent.taken, at.size());
            if (added < 0) {
                return this;
            }
            int from = at.size() - added;
            Map<String, List<Double>> p99 = new LinkedHashMap<>();
            mailboxWaitP99Millis.forEach((service, points) -> p99.put(service, points.subList(from, points.size())));
            Map<String, List<Integer>> past = new LinkedHashMap<>();
            mailboxWaitPastLargestBucket.forEach((service, indexes) -> {
                List<Integer> shifted = indexes.stream().filter(i -> i >= from).map(i -> i - from).toList();
                if (!shifted.isEmpty()) {
                    past.put(service, shifted);
                }
            });
            return new Series(true, at.subList(from, at.size()), messagesPerSecond.subList(from, at.size()), p99, past,
                    taken);
        }
    }

    /**
     * How many of the last {@code size} points were taken after the {@code sentTaken}th, of {@code taken} taken in
     * all; -1 if not all of those are still kept (or the count went back: another recording), so all are sent.
     */
    static int newPoints(long taken, long sentTaken, int size) {
        long added = taken - sentTaken;
        return added < 0 || added >= size ? -1 : (int) added;
    }

    /**
     * One process's mailbox depth per sample since it was first opened or first among the deepest mailboxes (the
     * last {@link #POINTS}), and the messages it handled per second between the last two samples (null before two).
     * {@code continues} as in {@link Series}; {@code recording} tells one recording from the next of the same
     * process (forgotten, then opened again), whose counts start again.
     */
    record Depths(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean continues, List<Long> at, List<Integer> mailbox,
                  Double rate, @JsonIgnore long taken, @JsonIgnore Object recording) {

        /** The depths taken after {@code sent}'s last, as {@link Series#after}. */
        Depths after(Depths sent) {
            int added = recording == sent.recording ? newPoints(taken, sent.taken, at.size()) : -1;
            if (added < 0) {
                return this;
            }
            int from = at.size() - added;
            return new Depths(true, at.subList(from, at.size()), mailbox.subList(from, at.size()), rate, taken,
                    recording);
        }
    }

    private final ProcessRuntime runtime;
    private final Ring<Double> messagesPerSecond = new Ring<>();
    private final Map<String, Ring<Double>> waits = new TreeMap<>();
    private final Ring<Long> at = new Ring<>();
    private final Map<Long, Watched> opened = new LinkedHashMap<>();
    private final Map<Long, Watched> backlogged = new LinkedHashMap<>();
    private long lastMessages = -1;
    private long lastNanos;
    private Map<String, HistogramSnapshot> lastWaits = Map.of();

    ObserverHistory(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /** Records one point: called once a second. */
    void sample(long nowMillis, long nowNanos, Map<String, ServiceSnapshot> services,
                Map<String, HistogramSnapshot> mailboxWaits) {
        // the walk of the table comes before the lock, so that pages reading the history never wait for it
        List<Pid> deepest = services.values().stream().anyMatch(service -> service.mailbox() > 0)
                ? deepestMailboxes() : List.of();
        synchronized (this) {
            record(nowMillis, nowNanos, services, mailboxWaits);
            for (Pid pid : deepest.reversed()) { // the deepest last: the last to be forgotten
                if (!opened.containsKey(pid.id())) {
                    seen(backlogged, MAX_BACKLOGGED, pid, nowNanos);
                }
            }
            recordWatched(opened, nowMillis, nowNanos);
            recordWatched(backlogged, nowMillis, nowNanos);
        }
    }

    private void record(long nowMillis, long nowNanos, Map<String, ServiceSnapshot> services,
                        Map<String, HistogramSnapshot> mailboxWaits) {
        long messages = services.values().stream().mapToLong(s -> s.calls() + s.casts() + s.infos()).sum();
        double seconds = (nowNanos - lastNanos) / 1e9;
        at.add(nowMillis);
        messagesPerSecond.add(lastMessages < 0 || seconds <= 0 ? null : Math.max(0, messages - lastMessages) / seconds);
        lastMessages = messages;
        lastNanos = nowNanos;
        for (Map.Entry<String, HistogramSnapshot> wait : mailboxWaits.entrySet()) {
            waits.computeIfAbsent(wait.getKey(), service -> Ring.padded(at.size() - 1))
                    .add(p99Millis(lastWaits.get(wait.getKey()), wait.getValue()));
        }
        waits.forEach((service, ring) -> ring.padTo(at.size()));
        lastWaits = mailboxWaits;
    }

    synchronized Series series() {
        Map<String, List<Double>> p99 = new LinkedHashMap<>();
        Map<String, List<Integer>> past = new LinkedHashMap<>();
        waits.forEach((service, ring) -> {
            List<Double> points = new ArrayList<>(ring.list());
            for (int i = 0; i < points.size(); i++) {
                if (points.get(i) != null && points.get(i).isInfinite()) { // JSON has no infinity
                    points.set(i, largestBucketMillis(lastWaits.values().iterator().next()));
                    past.computeIfAbsent(service, pastOnes -> new ArrayList<>()).add(i);
                }
            }
            p99.put(service, points);
        });
        return new Series(null, at.list(), messagesPerSecond.list(), p99, past, at.added());
    }

    /** The mailbox depths recorded for {@code pid}, which is recorded from now on for {@link #WATCH_FOR}. */
    synchronized Depths watch(Pid pid, long nowNanos) {
        Watched backlog = backlogged.remove(pid.id()); // opened now: its history so far goes with it
        if (backlog != null) {
            opened.putIfAbsent(pid.id(), backlog);
        }
        Watched watch = seen(opened, MAX_OPENED, pid, nowNanos);
        return new Depths(null, watch.at.list(), watch.depth.list(), Double.isNaN(watch.rate) ? null : watch.rate,
                watch.at.added(), watch);
    }

    /** Marks {@code pid} seen in {@code pool}, adding it, and forgetting the longest unseen beyond {@code max}. */
    private static Watched seen(Map<Long, Watched> pool, int max, Pid pid, long nowNanos) {
        Watched watch = pool.remove(pid.id());
        if (watch == null) {
            watch = new Watched(pid);
            if (pool.size() >= max) {
                pool.remove(pool.keySet().iterator().next());
            }
        }
        watch.seenNanos = nowNanos;
        pool.put(pid.id(), watch); // last in the map: the most recently seen
        return watch;
    }

    /** The {@link #BACKLOGS} processes with the most messages waiting, of those with any: one walk of the table. */
    private List<Pid> deepestMailboxes() {
        TopK deepest = new TopK(BACKLOGS);
        runtime.survey((pid, mailbox, handled, restarts) -> {
            if (mailbox > 0) {
                deepest.offer(mailbox, pid);
            }
        });
        return deepest.bestFirst();
    }

    private void recordWatched(Map<Long, Watched> pool, long nowMillis, long nowNanos) {
        for (Iterator<Watched> it = pool.values().iterator(); it.hasNext(); ) {
            Watched watch = it.next();
            if (nowNanos - watch.seenNanos > WATCH_FOR.toNanos()) {
                it.remove();
                continue;
            }
            try {
                ProcessStatistics statistics = runtime.statistics(watch.pid);
                watch.at.add(nowMillis);
                watch.depth.add(statistics.mailbox());
                if (watch.sampledNanos != 0 && nowNanos > watch.sampledNanos) {
                    watch.rate = Math.round((handled(statistics) - watch.handled) * 1e10
                            / (nowNanos - watch.sampledNanos)) / 10.0;
                }
                watch.handled = handled(statistics);
                watch.sampledNanos = nowNanos;
            } catch (NoProcessException exited) {
                it.remove();
            }
        }
    }

    /** Calls, casts and infos: the observer's own status reads are system messages, and do not count. */
    private static long handled(ProcessStatistics statistics) {
        return statistics.calls() + statistics.casts() + statistics.infos();
    }

    /**
     * The p99 of what was recorded between two cumulative histograms, as the upper bound of the bucket it falls
     * in (as {@code histogram_quantile} would, without its interpolation); infinity past the largest bucket; null if
     * nothing was recorded.
     */
    static Double p99Millis(HistogramSnapshot before, HistogramSnapshot now) {
        long total = now.count() - (before == null ? 0 : before.count());
        if (total <= 0) {
            return null;
        }
        CountAtBucket[] buckets = now.histogramCounts();
        CountAtBucket[] earlier = before == null ? null : before.histogramCounts();
        for (int i = 0; i < buckets.length; i++) {
            double count = buckets[i].count() - (earlier == null || earlier.length != buckets.length ? 0
                    : earlier[i].count());
            if (count >= 0.99 * total) {
                return buckets[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY; // beyond the largest bucket: at least that long (series() says so)
    }

    /** The largest bucket's bound of a histogram (every service's has the same buckets). */
    private static double largestBucketMillis(HistogramSnapshot histogram) {
        CountAtBucket[] buckets = histogram.histogramCounts();
        return buckets[buckets.length - 1].bucket(TimeUnit.MILLISECONDS);
    }

    private static final class Watched {
        final Pid pid;
        final Ring<Long> at = new Ring<>();
        final Ring<Integer> depth = new Ring<>();
        long seenNanos;
        long handled;
        long sampledNanos;
        double rate = Double.NaN;

        Watched(Pid pid) {
            this.pid = pid;
        }
    }

    /** The last {@link #POINTS} values, oldest first. Not thread-safe. */
    private static final class Ring<T> {
        private final Object[] values = new Object[POINTS];
        private int next;
        private int size;
        /** Values added in all, those no longer kept too. */
        private long added;

        static <T> Ring<T> padded(int nulls) {
            Ring<T> ring = new Ring<>();
            ring.padTo(nulls);
            return ring;
        }

        void add(T value) {
            values[next] = value;
            next = (next + 1) % POINTS;
            size = Math.min(size + 1, POINTS);
            added++;
        }

        /** Adds nulls up to {@code length} values (a service that appeared late, or skipped a second). */
        void padTo(int length) {
            while (size < Math.min(length, POINTS)) {
                add(null);
            }
        }

        int size() {
            return size;
        }

        long added() {
            return added;
        }

        @SuppressWarnings("unchecked")
        List<T> list() {
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add((T) values[(next - size + i + POINTS) % POINTS]);
            }
            return list;
        }
    }
}
