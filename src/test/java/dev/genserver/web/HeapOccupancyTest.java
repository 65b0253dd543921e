package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeapOccupancyTest {

    @Test
    void aCollectionsOccupancy_isWhatTheHeapPoolsHoldAfterIt_ofTheHeapsMaximum() {
        Map<String, MemoryUsage> after = Map.of(
                "G1 Eden Space", new MemoryUsage(0, 0, 100, -1),
                "G1 Old Gen", new MemoryUsage(0, 600, 700, 1000),
                "G1 Survivor Space", new MemoryUsage(0, 50, 50, -1),
                "Metaspace", new MemoryUsage(0, 300, 300, -1));

        double occupied = HeapOccupancy.share(after, Set.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space"),
                1000);

        assertThat(occupied).isCloseTo(0.65, within(1e-9));
    }

    /**
     * The latest collection's reading is the occupancy, lower or higher than the one before: a heap filled by a few
     * large writes in a second must be seen at once, not after older, lower readings age out.
     */
    @Test
    void theLatestCollection_isTheOccupancy_whateverCameBefore() {
        HeapOccupancy occupancy = new HeapOccupancy();
        assertThat(occupancy.occupied()).isZero();

        occupancy.collected(0.4);
        occupancy.collected(0.95);
        assertThat(occupancy.occupied()).isEqualTo(0.95);

        occupancy.collected(0.4);
        assertThat(occupancy.occupied()).isEqualTo(0.4);
    }

    /** What the heap holds now counts what is live, however recently it was made. */
    @Test
    void whatTheHeapHoldsNow_includesWhatWasJustMade() {
        HeapOccupancy occupancy = new HeapOccupancy();
        long[] live = new long[8 << 20]; // 64 MB, made after any collection that ran before

        assertThat(occupancy.inUse()).isGreaterThanOrEqualTo(8L * live.length);
        assertThat(live).hasSize(8 << 20);
    }

    /** This JVM's collectors report to it. */
    @Test
    void thisJvmsOccupancy_isReportedByItsCollections() {
        try (HeapOccupancy jvm = HeapOccupancy.ofThisJvm()) {
            System.gc();

            await().atMost(Duration.ofSeconds(10)).until(() -> jvm.occupied() > 0);
            assertThat(jvm.occupied()).isLessThanOrEqualTo(1);
        }
    }
}
