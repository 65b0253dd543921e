package dev.genserver.web;

import java.util.ArrayList;
import java.util.List;

/**
 * What the storage guard reads from a real G1 heap: a live set of the given share of the heap, and middle-aged
 * garbage (objects that outlive a few young collections, then die in the old generation) churned for the given
 * seconds. Prints the highest occupancy {@link HeapOccupancy} reported and the share of the time it stood at or
 * past the guard's 0.85: the refusals a guard would give with that much of the heap free. Run with
 * {@code -Xmx256m}, one JVM per share:
 * {@code java -Xmx256m -cp target/benchmarks.jar dev.genserver.web.HeapGuardProbe 0.45 30}.
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
        int looks = 0;
        int past = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            middleAged[i % middleAged.length] = new byte[4 * 1024];
            if (System.nanoTime() > nextLook) {
                double occupied = occupancy.occupied();
                highest = Math.max(highest, occupied);
                looks++;
                past += occupied >= 0.85 ? 1 : 0;
                nextLook = System.nanoTime() + 10_000_000;
            }
        }
        System.out.printf("live %.2f of the heap (%d chunks kept): the guard read at most %.3f, at or past 0.85 in %d "
                + "of %d looks%n", live, kept.size(), highest, past, looks);
    }
}
