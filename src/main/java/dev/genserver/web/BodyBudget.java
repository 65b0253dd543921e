package dev.genserver.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held in memory at once, bounded ({@code genserver.web.max-buffered-bodies}).
 * {@link RequestGuard} reads a JSON body whole before any controller runs, to judge its size and encoding; without
 * a bound, 400 connections each sending all but the last byte of a 1 MB body ran a 256 MB heap out, and the
 * OutOfMemoryError left both ports unanswering, health included. A body's bytes are reserved as they arrive, not by
 * its declared length, and released once its request has been handled, so the reservation also covers what is made
 * from it meanwhile (the idempotency filter's copy, the parsed value), though not byte for byte. A client holds
 * exactly what it has sent: idle connections, however many, hold none of the budget, and holding it takes sending
 * it. (Reserving 64 KB before each read let about 200 connections that sent nothing fill a 256 MB heap's budget,
 * refusing every other JSON body for as long as Tomcat waits on a read, 60 s.)
 *
 * <p>Past the bound a request is refused at once, not queued: the bytes it has not sent yet wait in the socket,
 * where they cost the heap nothing, and a retry after {@code Retry-After} is the client's to make. A budget smaller
 * than one body still admits that body alone, so no setting refuses a body within the size limit for good.
 * (A body read for a request that then goes asynchronous, which only the observer's event stream does, is released
 * when the request goes asynchronous, though the request still holds it.)
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
