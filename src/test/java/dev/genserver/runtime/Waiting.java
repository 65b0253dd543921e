package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.fail;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

    /** Waits until {@code lookup} finds something, and returns it. */
    static <T> T untilPresent(String what, Supplier<Optional<T>> lookup) {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        Optional<T> found;
        while ((found = lookup.get()).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return found.get();
    }
}
