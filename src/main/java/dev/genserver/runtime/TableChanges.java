package dev.genserver.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes to the process table that {@link ProcessRuntime#close()} must see finished before it returns: an exit
 * being announced (the process leaves the table first, so the last pass over the table cannot see it, while its
 * monitors, links and the listener are still being told) and a start putting its process in. Each is short and
 * never waits for anything but the listener, so close() parks until none is in flight.
 */
final class TableChanges {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean awaited;

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        if (inFlight.decrementAndGet() == 0 && awaited) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until no change is in flight. A thread that is itself making one (close() called from the listener,
     * or from a callback run inside an exit) does not wait: its own change would never end.
     */
    void awaitNone() {
        if (ExitCascade.isRunning()) {
            return;
        }
        awaited = true;
        boolean interrupted = false;
        synchronized (this) {
            while (inFlight.get() > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // close() finishes its promise; the caller gets its interrupt back
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
