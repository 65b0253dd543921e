package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapOccupancyTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HeapOccupancy occupancy = new HeapOccupancy(nanos::get);

    @Test
    void aCollectionsOccupancy_isWhatTheHeapPoolsHoldAfterIt_ofTheHeapsMaximum() {
        Map<String, MemoryUsage> after = Map.of(
                "G1 Eden Space", new MemoryUsage(0, 0, 100, -1),
                "G1 Old Gen", new MemoryUsage(0, 600, 700, 1000),
                "G1 Survivor Space", new MemoryUsage(0, 50, 50, -1),
                "Metaspace", new MemoryUsage(0, 300, 300, -1));

        double occupied = HeapOccupancy.occupied(after, Set.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space"),
                1000);

        assertThat(occupied).isCloseTo(0.65, within(1e-9));
    }

    /**
     * Young collections that still count unmarked garbage read high between the reclaiming ones: the lowest
     * reading of the window is what counts, until it is older than the window before the latest collection.
     */
    @Test
    void theLowestReadingOfTheWindow_counts_untilItIsOlderThanTheWindow() {
        occupancy.collected(0.45);                // a mixed collection reclaimed the garbage
        after(Duration.ofSeconds(3));
        occupancy.collected(0.88);                // young collections: the old garbage again
        after(Duration.ofSeconds(3));
        occupancy.collected(0.86);

        assertThat(occupancy.occupied()).isEqualTo(0.45);

        after(Duration.ofSeconds(5));             // 11 s after the 0.45
        occupancy.collected(0.9);

        assertThat(occupancy.occupied()).isEqualTo(0.86);
    }

    @Test
    void aReadingExactlyAWindowOld_stillCounts() {
        occupancy.collected(0.5);
        after(HeapOccupancy.WINDOW);
        occupancy.collected(0.9);

        assertThat(occupancy.occupied()).isEqualTo(0.5);
    }

    @Test
    void storingResumes_withTheFirstCollectionThatFindsRoom() {
        occupancy.collected(0.95);
        after(Duration.ofSeconds(20));
        occupancy.collected(0.92);
        assertThat(occupancy.occupied()).isEqualTo(0.92);

        after(Duration.ofSeconds(1));
        occupancy.collected(0.4);                 // deletes, then a collection that reclaimed them

        assertThat(occupancy.occupied()).isEqualTo(0.4);
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

    private void after(Duration elapsed) {
        nanos.addAndGet(elapsed.toNanos());
    }
}
