package dev.genserver.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that real time brings about, polling until a deadline: never a fixed sleep. */
public final class Deadline {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Deadline() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000); // a poll interval: the condition is re-checked, never assumed
        }
    }
}
