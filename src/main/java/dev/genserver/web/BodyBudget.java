package dev.genserver.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held in memory at once, bounded ({@code genserver.web.max-buffered-bodies}; README,
 * Memory; docs/reliability.md for the heap it saved). Bytes are reserved as they arrive, so idle connections hold
 * none, and released once the request is handled. Past the bound a request is refused, not queued; a budget
 * smaller than one body still admits that body alone.
 */
final class BodyBudget implements MeterBinder {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Reserves {@code bytes} more for a body that holds {@code own} bytes of the budget already, if they fit beside
     * what is held, or if all that is held is that body's own; false, reserving nothing, if not.
     */
    boolean tryReserve(long bytes, long own) {
        long now;
        do {
            now = held.get();
            if (now > own && now + bytes > capacity) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back {@code bytes} of a reservation, once the request that held them has been handled. */
    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** The bytes reserved now. */
    long held() {
        return held.get();
    }

    long capacity() {
        return capacity;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("genserver.web.buffered.bodies", held, AtomicLong::get).baseUnit(BaseUnits.BYTES)
                .description("bytes of request bodies held in memory now, against genserver.web.max-buffered-bodies")
                .register(registry);
        Gauge.builder("genserver.web.buffered.bodies.max", this, BodyBudget::capacity).baseUnit(BaseUnits.BYTES)
                .description("the most bytes of request bodies held in memory at once (max-buffered-bodies)")
                .register(registry);
    }
}
