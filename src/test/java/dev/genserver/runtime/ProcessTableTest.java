package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process table: chunked by id, paged in start order, chunks dropped when empty, exact under races. */
class ProcessTableTest {

    private final ProcessRuntime runtime = Fixtures.runtime(new ManualTimers());
    private final ProcessTable table = new ProcessTable();

    @AfterEach
    void close() {
        runtime.close();
    }

    private ProcessCell cell(long id) {
        return new ProcessCell(runtime, id, new Probe(), StartOptions.DEFAULTS, null, null, 0, 10);
    }

    private static List<Long> ids(Iterable<ProcessCell> cells) {
        return StreamSupport.stream(cells.spliterator(), false).map(ProcessCell::id).toList();
    }

    @Test
    void pages_followStartOrder_acrossChunksAndHoles() {
        List<ProcessCell> cells = LongStream.rangeClosed(1, 10_000).mapToObj(this::cell).toList();
        cells.forEach(table::add);
        // Remove the even ids, and every process with ids 4096..8191 (whole chunks).
        cells.stream().filter(c -> c.id() % 2 == 0 || c.id() >= 4096 && c.id() < 8192).forEach(table::remove);

        List<Long> expected = LongStream.rangeClosed(1, 10_000)
                .filter(id -> id % 2 == 1 && (id < 4096 || id >= 8192)).boxed().toList();
        List<Long> paged = new ArrayList<>();
        long after = 0;
        List<ProcessCell> page;
        while (!(page = table.page(after, 700)).isEmpty()) {
            paged.addAll(ids(page));
            after = page.getLast().id();
        }
        assertThat(paged).isEqualTo(expected);
        assertThat(ids(table.oldestFirst())).isEqualTo(expected);
        assertThat(ids(table.newestFirst())).isEqualTo(expected.reversed());
        assertThat(table.size()).isEqualTo(expected.size());
        assertThat(table.page(4095, 1)).extracting(ProcessCell::id).containsExactly(8193L);
    }

    /** {@code ?after=9223372036854775807} answered the first page: the id after it wrapped round to 0. */
    @Test
    void aPageAfterTheLargestId_isEmpty() {
        table.add(cell(1));

        assertThat(table.page(Long.MAX_VALUE, 10)).isEmpty();
        assertThat(table.page(Long.MAX_VALUE - 1, 10)).isEmpty();
        assertThat(table.page(-1, 10)).extracting(ProcessCell::id).containsExactly(1L);
    }

    @Test
    void anEmptiedChunk_isDropped_andItsIdsCanStillBeAddedLater() {
        ProcessCell first = cell(1);
        ProcessCell late = cell(2); // an id handed out before the chunk emptied, added after
        table.add(first);
        assertThat(table.remove(first)).isTrue();
        assertThat(table.remove(first)).as("already gone").isFalse();

        table.add(late);

        assertThat(table.get(2)).isSameAs(late);
        assertThat(table.get(1)).isNull();
        assertThat(ids(table.oldestFirst())).containsExactly(2L);
        assertThat(table.size()).isEqualTo(1);
    }

    /**
     * Short-lived processes around long-lived ones, as a service's singletons and open sessions among its churn: each
     * survivor keeps the chunk it was started in, and only that, so what it holds is one chunk's slots. A chunk of
     * 4,096 slots made that 16 KB a survivor (17 KB measured by the leak probe), against a few hundred bytes for
     * the process itself.
     */
    @Test
    void longLivedProcessesAmongChurn_eachHoldOnlyASmallChunk() {
        int survivors = 100;
        for (int s = 0; s < survivors; s++) {
            long first = 1 + s * 5_000L;
            table.add(cell(first)); // the survivor
            for (long id = first + 1; id < first + 5_000; id++) {
                ProcessCell passing = cell(id);
                table.add(passing);
                table.remove(passing);
            }
        }

        assertThat(table.size()).isEqualTo(survivors);
        assertThat(table.slotsHeld()).isEqualTo(survivors * ProcessTable.CHUNK).isLessThanOrEqualTo(survivors * 256);
    }

    @Test
    void concurrentAddsAndRemoves_leaveExactlyWhatRemains() throws InterruptedException {
        int threads = 8;
        int each = 20_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(Thread.ofPlatform().start(() -> {
                List<ProcessCell> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ProcessCell cell = cell(1 + (long) i * threads + offset); // interleaved ids, as from one counter
                    table.add(cell);
                    mine.add(cell);
                }
                mine.stream().filter(c -> c.id() % 3 != 0).forEach(table::remove);
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }

        List<Long> expected = LongStream.rangeClosed(1, (long) threads * each).filter(id -> id % 3 == 0)
                .boxed().toList();
        assertThat(ids(table.oldestFirst())).isEqualTo(expected);
        assertThat(table.size()).isEqualTo(expected.size());
    }
}
