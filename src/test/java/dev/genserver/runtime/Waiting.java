package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits for a condition another thread brings about, polling until a deadline: never a fixed sleep. */
final class Waiting {

    private Waiting() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
