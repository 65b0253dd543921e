package dev.genserver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory readings for {@link ScaleBenchmark}: the Java heap after a full collection, and the process's RSS. */
final class Memory {

    private Memory() {
    }

    /** Bytes of heap in use after collecting garbage (three collections, so finalizable objects are gone). */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The resident set size in bytes (heap, thread stacks, everything the OS holds for the JVM), or -1 where
     * {@code /proc/self/status} does not exist. Platform threads cost mostly native memory, outside the heap.
     */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException unavailable) {
            return -1;
        }
        return -1;
    }
}
