package dev.genserver.testing;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;

/** Waiting for a supervisor to restart a named child: its successor under the name, polled until a deadline. */
public final class Successors {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private Successors() {
    }

    /** The first process other than {@code previous} (null for any) to hold {@code name}, as soon as it does. */
    public static Pid of(ProcessRuntime runtime, String name, Pid previous) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Pid holder = runtime.whereis(name).orElse(null);
            if (holder != null && holder != previous) {
                return holder;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError(name + " was not restarted after " + previous);
    }
}
