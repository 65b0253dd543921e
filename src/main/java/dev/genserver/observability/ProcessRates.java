package dev.genserver.observability;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ProcessVisitor;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Messages per second per process, computed at read time from two surveys of the runtime ({@link
 * ProcessRuntime#survey}) at least a second apart: the processes count their messages anyway, so the message
 * path pays nothing. A survey is taken only when the process table is being looked at, at most once a second
 * however many look, and less often when a survey takes more than {@link ObserverSampler#BUDGET} of the time
 * between two (a million processes: docs/performance.md). The surveys cost about 20 bytes per process while
 * kept, and are dropped when nobody has asked for {@link #IDLE}.
 *
 * <p>Thread-safe.
 */
final class ProcessRates {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofSeconds(30);

    /** One survey: ids ascending, as the runtime walks its table. */
    record Survey(long atNanos, int size, long[] ids, long[] counts, Pid[] pids) {

        int indexOf(long id) {
            return Arrays.binarySearch(ids, 0, size, id);
        }
    }

    /** Two surveys; {@code older} is null until there are two. */
    record Rates(Survey older, Survey newer) {

        /** The rate of the process at {@code index} in {@code newer}, or NaN if it was not in both surveys. */
        double at(int index) {
            if (older == null) {
                return Double.NaN;
            }
            int before = older.indexOf(newer.ids[index]);
            return before < 0 ? Double.NaN : between(index, before);
        }

        /** The rate of the process at {@code index} in {@code newer} and at {@code before} in {@code older}. */
        double between(int index, int before) {
            return Math.max(0, newer.counts[index] - older.counts[before]) * 1e9 / (newer.atNanos - older.atNanos);
        }

        /** The rate of process {@code id}, or NaN if unknown. */
        double of(long id) {
            int index = newer.indexOf(id);
            return index < 0 ? Double.NaN : at(index);
        }
    }

    private final ProcessRuntime runtime;
    private final LongSupplier nanoTime;
    private Rates rates;
    private long askedNanos;
    private long surveyNanos;

    ProcessRates(ProcessRuntime runtime, LongSupplier nanoTime) {
        this.runtime = runtime;
        this.nanoTime = nanoTime;
    }

    /** The latest two surveys, taking a new one if the newest is a second old or more. */
    synchronized Rates rates() {
        long now = nanoTime.getAsLong();
        askedNanos = now;
        long interval = Math.max(INTERVAL.toNanos(), (long) (surveyNanos / ObserverSampler.BUDGET));
        if (rates == null || now - rates.newer().atNanos() >= interval) {
            Survey taken = survey(now);
            surveyNanos = nanoTime.getAsLong() - now;
            // A survey more than a few intervals old would average over a time nobody asked about.
            boolean recent = rates != null && now - rates.newer().atNanos() < 5 * interval;
            rates = new Rates(recent ? rates.newer() : null, taken);
        }
        return rates;
    }

    /** Forgets the surveys if nobody asked for {@link #IDLE}; called by the sampler. */
    synchronized void forgetIfIdle() {
        if (rates != null && nanoTime.getAsLong() - askedNanos > IDLE.toNanos()) {
            rates = null;
        }
    }

    private Survey survey(long now) {
        Collecting collecting = new Collecting(runtime.count() + 1024);
        runtime.survey(collecting);
        return new Survey(now, collecting.size, collecting.ids, collecting.counts, collecting.pids);
    }

    /** Copies what the survey shows into arrays, growing them should processes start meanwhile. */
    private static final class Collecting implements ProcessVisitor {
        long[] ids;
        long[] counts;
        Pid[] pids;
        int size;

        Collecting(int capacity) {
            ids = new long[capacity];
            counts = new long[capacity];
            pids = new Pid[capacity];
        }

        @Override
        public void visit(Pid pid, int mailbox, long handled, int restarts) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
                pids = Arrays.copyOf(pids, size * 2);
            }
            ids[size] = pid.id();
            counts[size] = handled;
            pids[size] = pid;
            size++;
        }
    }
}
