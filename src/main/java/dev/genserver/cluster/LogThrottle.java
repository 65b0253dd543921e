package dev.genserver.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per period and counts the ones it held back, for the next line to report: an event that
 * comes in bursts (every write and read of a partition refused until Hazelcast repairs it) is seen without flooding
 * the log.
 */
final class LogThrottle {

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private boolean logged;
    private long lastLogged;
    private long heldBack;

    LogThrottle(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The lines held back since the last one let through if this one may be logged, or -1 if it is held back. */
    synchronized long admit() {
        long now = nanoTime.getAsLong();
        if (logged && now - lastLogged < periodNanos) {
            heldBack++;
            return -1;
        }
        long since = heldBack;
        logged = true;
        lastLogged = now;
        heldBack = 0;
        return since;
    }
}
