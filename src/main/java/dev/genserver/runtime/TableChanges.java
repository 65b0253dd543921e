package dev.genserver.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes to the process table that {@link ProcessRuntime#close()} must see finished before it returns: an exit
 * being announced (the process leaves the table first, so the last pass over the table cannot see it, while its
 * monitors, links and the listener are still being told), a failed start being abandoned, and a start from its
 * check for a closed runtime until its process is in the table. Each is short, but may run code of the runtime's
 * user (the listener, a registry key's {@code hashCode}, the completion stages of the calls an abandoned start
 * fails), which may itself call close(). Such a close() does not wait at all: its own thread's change could never
 * end, and another's may be waiting for what that code holds (a listener's lock, which the other exit's listener
 * call needs).
 */
final class TableChanges {

    private final AtomicInteger inFlight = new AtomicInteger();
    /** The changes the current thread is making, one inside another. */
    private final ThreadLocal<int[]> ownDepth = ThreadLocal.withInitial(() -> new int[1]);
    private volatile boolean awaited;

    void begin() {
        ownDepth.get()[0]++;
        inFlight.incrementAndGet();
    }

    void end() {
        ownDepth.get()[0]--;
        if (inFlight.decrementAndGet() == 0 && awaited) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until no change is in flight; returns at once on a thread that is making one. */
    void awaitQuiet() {
        if (ownDepth.get()[0] > 0) {
            return;
        }
        awaited = true;
        boolean interrupted = false;
        synchronized (this) {
            while (inFlight.get() > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // close() keeps its promise; the caller gets its interrupt back
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
