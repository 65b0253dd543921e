package dev.genserver.runtime;

import java.util.concurrent.atomic.LongAdder;

/** Messages handled by a service's processes that have exited: their share of the never-decreasing counts. */
final class ServiceTotals {

    private final LongAdder calls = new LongAdder();
    private final LongAdder casts = new LongAdder();
    private final LongAdder infos = new LongAdder();

    /** Adds an exited process's counts; it has stopped counting, as only its owner counts and it is gone. */
    void add(ProcessCell cell) {
        calls.add(cell.calls());
        casts.add(cell.casts());
        infos.add(cell.infos());
    }

    ServiceSnapshot.Builder toBuilder(String service) {
        return new ServiceSnapshot.Builder(service, calls.sum(), casts.sum(), infos.sum());
    }
}
