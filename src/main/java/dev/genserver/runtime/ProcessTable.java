package dev.genserver.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The living processes by id. Ids only grow, so processes live in chunks of {@value #CHUNK} slots indexed by id:
 * adding one is an array access into the newest chunk, finding and removing one an array access once its chunk is
 * found in a skip list of the live chunks, a 256th as many entries as processes (a skip list of every process paid
 * a logarithmic descent of its own and ~48 bytes per entry), a slot costs 4 bytes, and a page in start order costs
 * O(page) plus the chunks it crosses. A chunk whose processes have all exited is dropped, so a long-lived runtime
 * with churn keeps only the chunks in use. A chunk is small because one long-lived process among short-lived ones
 * keeps its whole chunk: 1 KB at 256 slots, where 4,096 made it 16 KB, and a million processes start no slower
 * (docs/architecture.md).
 */
final class ProcessTable {

    static final int CHUNK = 256;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);

    /**
     * One chunk. {@code live} counts processes added and not yet removed; once it drops to zero the chunk is
     * retired ({@code -1}) and a late adder must take a fresh chunk from the directory.
     */
    private static final class Chunk {
        final long index;
        final AtomicReferenceArray<ProcessCell> slots = new AtomicReferenceArray<>(CHUNK);
        final AtomicInteger live = new AtomicInteger();

        Chunk(long index) {
            this.index = index;
        }
    }

    private final ConcurrentSkipListMap<Long, Chunk> chunks = new ConcurrentSkipListMap<>();
    private final LongAdder size = new LongAdder();
    /** The chunk processes are being added to now: most adds skip the directory lookup. */
    private volatile Chunk latest;

    void add(ProcessCell cell) {
        long index = cell.id() >>> SHIFT;
        while (true) {
            Chunk chunk = latest;
            if (chunk == null || chunk.index != index) {
                chunk = chunks.computeIfAbsent(index, Chunk::new);
                latest = chunk;
            }
            int live = chunk.live.get();
            if (live < 0) {
                chunks.remove(index, chunk); // retired under us: the next round creates a fresh one
                latest = null;
                continue;
            }
            if (chunk.live.compareAndSet(live, live + 1)) {
                chunk.slots.set(slot(cell.id()), cell);
                size.increment();
                return;
            }
        }
    }

    /** Removes {@code cell}; false if it was not in the table. */
    boolean remove(ProcessCell cell) {
        long index = cell.id() >>> SHIFT;
        Chunk chunk = chunks.get(index);
        if (chunk == null || !chunk.slots.compareAndSet(slot(cell.id()), cell, null)) {
            return false;
        }
        size.decrement();
        if (chunk.live.decrementAndGet() == 0 && chunk.live.compareAndSet(0, -1)) {
            chunks.remove(index, chunk);
        }
        return true;
    }

    ProcessCell get(long id) {
        Chunk chunk = chunks.get(id >>> SHIFT);
        return chunk == null ? null : chunk.slots.get(slot(id));
    }

    int size() {
        return size.intValue();
    }

    /** The slots of the chunks in use: what the table holds, beside the processes themselves. */
    long slotsHeld() {
        return (long) chunks.size() * CHUNK;
    }

    /** Up to {@code limit} processes with ids above {@code afterId}, in id (start) order. */
    List<ProcessCell> page(long afterId, int limit) {
        List<ProcessCell> page = new ArrayList<>(Math.min(limit, 1024));
        if (afterId == Long.MAX_VALUE) {
            return page; // no id is above it (afterId + 1 would wrap round to the first page)
        }
        long first = Math.max(0, afterId + 1);
        for (Map.Entry<Long, Chunk> entry : chunks.tailMap(first >>> SHIFT, true).entrySet()) {
            int from = entry.getKey() == first >>> SHIFT ? slot(first) : 0;
            AtomicReferenceArray<ProcessCell> slots = entry.getValue().slots;
            for (int i = from; i < CHUNK; i++) {
                ProcessCell cell = slots.get(i);
                if (cell != null) {
                    page.add(cell);
                    if (page.size() == limit) {
                        return page;
                    }
                }
            }
        }
        return page;
    }

    /** Every process, oldest first (weakly consistent, like a concurrent map's views). */
    Iterable<ProcessCell> oldestFirst() {
        return () -> new Walk(chunks, true);
    }

    /** Every process, newest first. */
    Iterable<ProcessCell> newestFirst() {
        return () -> new Walk(chunks.descendingMap(), false);
    }

    private static int slot(long id) {
        return (int) (id & (CHUNK - 1));
    }

    /** Walks the chunks in the map's order and each chunk's slots in the same direction, skipping empty ones. */
    private static final class Walk implements Iterator<ProcessCell> {
        private final Iterator<Chunk> chunks;
        private final boolean ascending;
        private AtomicReferenceArray<ProcessCell> slots;
        private int position;
        private ProcessCell next;

        Walk(ConcurrentNavigableMap<Long, Chunk> map, boolean ascending) {
            this.chunks = map.values().iterator();
            this.ascending = ascending;
            advance();
        }

        private void advance() {
            next = null;
            while (true) {
                if (slots != null) {
                    while (ascending ? position < CHUNK : position >= 0) {
                        ProcessCell cell = slots.get(ascending ? position++ : position--);
                        if (cell != null) {
                            next = cell;
                            return;
                        }
                    }
                }
                if (!chunks.hasNext()) {
                    return;
                }
                slots = chunks.next().slots;
                position = ascending ? 0 : CHUNK - 1;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public ProcessCell next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            ProcessCell current = next;
            advance();
            return current;
        }
    }
}
