package dev.genserver.observability;

import java.util.function.LongSupplier;

/**
 * A counter read from a sum that may, for one scrape, miss a process exiting in the middle of the walk (see
 * {@code ProcessRuntime.services()}). Prometheus reads any decrease as a counter reset and would report a burst;
 * reporting the highest value seen so far keeps the series monotonic, and the missed counts show up next time.
 */
final class MonotonicReading {

    private final LongSupplier source;
    private long highest;

    MonotonicReading(LongSupplier source) {
        this.source = source;
    }

    synchronized double read() {
        highest = Math.max(highest, source.getAsLong());
        return highest;
    }
}
