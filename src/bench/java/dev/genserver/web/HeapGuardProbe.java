package dev.genserver.web;

import java.util.ArrayList;
import java.util.List;

/**
 * What the storage guard reads from a real G1 heap: a live set of the given share of the heap, and middle-aged
 * garbage (objects that outlive a few young collections, then die in the old generation) churned for the given
 * seconds. Prints the highest occupancy {@link HeapOccupancy} reported, which must stay below the guard's 0.85 while
 * the live set does and pass it once the live set does. Run with {@code -Xmx256m}, one JVM per share:
 * {@code java -Xmx256m -cp target/benchmarks.jar dev.genserver.web.HeapGuardProbe 0.45 40}.
 */
public final class HeapGuardProbe {

    private HeapGuardProbe() {
    }

    public static void main(String[] args) {
        double live = Double.parseDouble(args[0]);
        long seconds = Long.parseLong(args[1]);
        HeapOccupancy occupancy = HeapOccupancy.ofThisJvm();
        List<byte[]> kept = new ArrayList<>();
        for (long held = 0; held < live * Runtime.getRuntime().maxMemory(); held += 64 * 1024) {
            kept.add(new byte[64 * 1024]);
        }
        byte[][] middleAged = new byte[2000][];
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextLook = System.nanoTime();
        double highest = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            middleAged[i % middleAged.length] = new byte[4 * 1024];
            if (System.nanoTime() > nextLook) {
                highest = Math.max(highest, occupancy.occupied());
                nextLook = System.nanoTime() + 10_000_000;
            }
        }
        System.out.printf("live %.2f of the heap (%d chunks kept): the guard read at most %.3f%n", live, kept.size(),
                highest);
    }
}
