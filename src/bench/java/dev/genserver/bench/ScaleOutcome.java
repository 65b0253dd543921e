package dev.genserver.bench;

import java.time.Duration;

/**
 * One implementation's line in {@link ScaleBenchmark}'s table.
 *
 * @param heapBytes     heap held per process after a full collection
 * @param residentBytes growth of the process's RSS per process (heap pages touched, thread stacks); a rough
 *                      figure, since the heap's committed size moves with the collector's choices
 */
record ScaleOutcome(String implementation, int started, Duration start, long heapBytes, long residentBytes,
                    Duration stop, String note) {

    static final String HEADER = "| implementation | started | processes/s | heap B/process | RSS B/process "
            + "| stop all | note |\n|---|---|---|---|---|---|---|";

    String row() {
        double perSecond = started / Math.max(1e-9, start.toNanos() / 1e9);
        return String.format("| %s | %,d | %,.0f | %,d | %,d | %.2f s | %s |", implementation, started, perSecond,
                heapBytes, residentBytes, stop.toNanos() / 1e9, note);
    }

    /** Readings taken before the processes start, then once they run. */
    record Meter(long heap, long resident, long startNanos, long elapsedNanos, long heapAfter, long residentAfter) {

        static Meter start() {
            long heap = Memory.usedHeapAfterGc();
            long resident = Memory.residentBytes();
            return new Meter(heap, resident, System.nanoTime(), 0, 0, 0);
        }

        /** Call once every process has started: stops the clock, then measures. */
        Meter started() {
            long elapsed = System.nanoTime() - startNanos;
            return new Meter(heap, resident, startNanos, elapsed, Memory.usedHeapAfterGc(), Memory.residentBytes());
        }

        ScaleOutcome outcome(String implementation, int started, Duration stop, String note) {
            int n = Math.max(1, started);
            long residentPer = resident < 0 || residentAfter < 0 ? -1 : (residentAfter - resident) / n;
            return new ScaleOutcome(implementation, started, Duration.ofNanos(elapsedNanos), (heapAfter - heap) / n,
                    residentPer, stop, note);
        }
    }
}
