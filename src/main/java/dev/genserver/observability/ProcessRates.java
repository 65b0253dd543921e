package dev.genserver.observability;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ProcessVisitor;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Messages per second per process, computed at read time from two surveys of the runtime ({@link
 * ProcessRuntime#survey}) at least a second apart: the processes count their messages anyway, so the message
 * path pays nothing. A survey is taken only when the process table is being looked at, at most once a second
 * however many look, and less often when a survey's CPU time is more than {@link ObserverSampler#BUDGET} of the time
 * between two (a million processes: docs/performance.md), as the sampler's samples are spaced
 * ({@link ObserverSampler#spacingNanos}). Its CPU time, not the time it took: on a busy machine a cheap survey may
 * wait half a second for a core, or for a GC pause, and spacing the next by that wait would put it 50 s later, the
 * Msg/s column showing meanwhile the rates between two ever older surveys, and a ranking by rate leaving out every
 * process started since. The surveys cost about 20 bytes per process while kept, and are dropped when nobody has
 * asked for {@link #IDLE}.
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

    /** A survey and the CPU time it took, negative where not measured. */
    private record Measured(Survey survey, long cpuNanos) { }

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
    private final LongSupplier cpuTime;
    private final BooleanSupplier cpuTimeMeasured;
    private Rates rates;
    private long askedNanos;
    /** How far apart the last survey's cost puts two. */
    private long intervalNanos = INTERVAL.toNanos();

    /**
     * Where this JVM measures a platform thread's CPU time, if it does ({@link ObserverSampler#cpuTimeMeasured}).
     *
     * @param nanoTime the time, as {@link System#nanoTime} reads it
     * @param cpuTime  the CPU time of the thread that reads it, negative where not measured, as
     *                 {@link ObserverSampler#cpuNanos} reads it
     */
    ProcessRates(ProcessRuntime runtime, LongSupplier nanoTime, LongSupplier cpuTime) {
        this(runtime, nanoTime, cpuTime, ObserverSampler::cpuTimeMeasured);
    }

    /**
     * @param cpuTimeMeasured whether {@code cpuTime} measures a platform thread's CPU time now: where it does not (the
     *                        JVM cannot, or it is disabled), a survey asked for on a virtual thread is taken there,
     *                        with no platform thread started for a measurement that would come back -1
     */
    ProcessRates(ProcessRuntime runtime, LongSupplier nanoTime, LongSupplier cpuTime, BooleanSupplier cpuTimeMeasured) {
        this.runtime = runtime;
        this.nanoTime = nanoTime;
        this.cpuTime = cpuTime;
        this.cpuTimeMeasured = cpuTimeMeasured;
    }

    /** The latest two surveys, taking a new one if the newest is a second old or more (or as its cost spaces them). */
    synchronized Rates rates() {
        long now = nanoTime.getAsLong();
        askedNanos = now;
        long interval = intervalNanos;
        if (rates == null || now - rates.newer().atNanos() >= interval) {
            Measured taken = Thread.currentThread().isVirtual() && cpuTimeMeasured.getAsBoolean()
                    ? onPlatformThread(() -> survey(now)) : survey(now);
            intervalNanos = ObserverSampler.spacingNanos(nanoTime.getAsLong() - now, taken.cpuNanos());
            // A survey more than a few intervals old would average over a time nobody asked about.
            boolean recent = rates != null && now - rates.newer().atNanos() < 5 * interval;
            rates = new Rates(recent ? rates.newer() : null, taken.survey());
        }
        return rates;
    }

    /** Forgets the surveys if nobody asked for {@link #IDLE}; called by the sampler. */
    synchronized void forgetIfIdle() {
        if (rates != null && nanoTime.getAsLong() - askedNanos > IDLE.toNanos()) {
            rates = null;
        }
    }

    private Measured survey(long now) {
        long cpuStarted = cpuTime.getAsLong();
        Collecting collecting = new Collecting(runtime.count() + 1024);
        runtime.survey(collecting);
        long cpuNanos = cpuStarted < 0 ? -1 : cpuTime.getAsLong() - cpuStarted;
        return new Measured(new Survey(now, collecting.size, collecting.ids, collecting.counts, collecting.pids),
                cpuNanos);
    }

    /**
     * Runs {@code survey} on a platform thread made for it, and waits for it however often interrupted, as a survey
     * taken in place would (it is bounded by the table). The JVM measures no virtual thread's CPU time, and the
     * surveys are asked for on virtual threads (a stream's sends, the requests); the thread costs under a
     * millisecond to start, once a second at most, where a survey of a million processes costs tens. Not started
     * where the JVM measures no thread's CPU time: the survey then counts its time from start to end wherever it runs.
     */
    private static Measured onPlatformThread(Supplier<Measured> survey) {
        FutureTask<Measured> task = new FutureTask<>(survey::get);
        Thread.ofPlatform().daemon().name("observer-rate-survey").start(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException failed) {
                    if (failed.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw failed.getCause() instanceof RuntimeException thrown ? thrown
                            : new IllegalStateException(failed.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
