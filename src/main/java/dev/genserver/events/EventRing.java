package dev.genserver.events;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event log's state: a fixed array used as a ring buffer plus all-time counts. Adding is O(1) and allocates
 * nothing but the event (amortized: an event too large for the bytes left drops as many of the oldest as it takes);
 * reading the newest {@code n} is O(n). Memory stays bounded however long the service runs: {@code capacity} events
 * whose payloads take at most {@code maxBytes} (estimated, {@link PayloadFootprint}; the newest is kept whatever it
 * takes), and at most {@code maxTypes + 1} counters. Events cannot be deleted, so without the bound in bytes a
 * thousand large ones could hold most of the heap for good, every other write refused 507 meanwhile.
 *
 * <p>Not thread-safe: owned by the event log process, which handles one message at a time.
 */
final class EventRing implements Serializable {

    /** The counter for types seen after the cap was reached; a client's type may not be spelled so. */
    static final String OTHER = "_other";

    private final Event[] events;
    private final long[] footprints;
    private final int maxTypes;
    private final long maxBytes;
    /** What the kept events' payloads take, estimated. */
    private long bytes;
    private final Map<String, Long> byType = new HashMap<>();
    /** The slot the next event goes into; the newest event is just before it. */
    private int next;
    private int size;
    private long total;

    EventRing(int capacity, int maxTypes, long maxBytes) {
        if (capacity < 1 || maxTypes < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity, maxTypes and maxBytes must be >= 1: " + capacity + ", "
                    + maxTypes + ", " + maxBytes);
        }
        this.events = new Event[capacity];
        this.footprints = new long[capacity];
        this.maxTypes = maxTypes;
        this.maxBytes = maxBytes;
    }

    /**
     * Stores {@code event}, whose payload takes {@code footprint} bytes, overwriting the oldest one when full and
     * dropping the oldest while the kept payloads would take more than {@code maxBytes}; counts it.
     */
    void add(Event event, long footprint) {
        while (size > 0 && (size == events.length || bytes + footprint > maxBytes)) {
            dropOldest();
        }
        events[next] = event;
        footprints[next] = footprint;
        bytes += footprint;
        next = (next + 1) % events.length;
        size++;
        total++;
        String counted = byType.containsKey(event.type()) || namedTypes() < maxTypes ? event.type() : OTHER;
        byType.merge(counted, 1L, Long::sum);
    }

    private void dropOldest() {
        int oldest = Math.floorMod(next - size, events.length);
        bytes -= footprints[oldest];
        events[oldest] = null;
        footprints[oldest] = 0;
        size--;
    }

    /** What the kept events' payloads take, estimated. */
    long bytes() {
        return bytes;
    }

    /** Up to {@code limit} events, newest first. */
    List<Event> newest(int limit) {
        int count = Math.max(0, Math.min(limit, size));
        List<Event> result = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            result.add(events[Math.floorMod(next - i, events.length)]);
        }
        return result;
    }

    /** Totals and per-type counts, sorted by type for a stable answer. */
    EventStats stats() {
        return new EventStats(total, new TreeMap<>(byType));
    }

    private int namedTypes() {
        return byType.containsKey(OTHER) ? byType.size() - 1 : byType.size();
    }
}
