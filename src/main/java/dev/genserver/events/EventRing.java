package dev.genserver.events;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event log's state: a fixed array used as a ring buffer plus all-time counts. Adding is O(1) and allocates
 * nothing but the event; reading the newest {@code n} is O(n). Memory stays bounded however long the service runs:
 * {@code capacity} events and at most {@code maxTypes + 1} counters.
 *
 * <p>Not thread-safe: owned by the event log process, which handles one message at a time.
 */
final class EventRing implements Serializable {

    /** The counter for types seen after the cap was reached; a client's type may not be spelled so. */
    static final String OTHER = "_other";

    private final Event[] events;
    private final int maxTypes;
    private final Map<String, Long> byType = new HashMap<>();
    /** The slot the next event goes into; the newest event is just before it. */
    private int next;
    private int size;
    private long total;

    EventRing(int capacity, int maxTypes) {
        if (capacity < 1 || maxTypes < 1) {
            throw new IllegalArgumentException("capacity and maxTypes must be >= 1: " + capacity + ", " + maxTypes);
        }
        this.events = new Event[capacity];
        this.maxTypes = maxTypes;
    }

    /** Stores {@code event}, overwriting the oldest one when full, and counts it. */
    void add(Event event) {
        events[next] = event;
        next = (next + 1) % events.length;
        size = Math.min(size + 1, events.length);
        total++;
        String counted = byType.containsKey(event.type()) || namedTypes() < maxTypes ? event.type() : OTHER;
        byType.merge(counted, 1L, Long::sum);
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
