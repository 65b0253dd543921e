package dev.genserver.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The services' clock in cluster mode. A handler runs twice per write, on the key's owner and again on its backup
 * (Hazelcast re-runs the entry processor there), so it must see the same time on both: the caller reads the time
 * once, the message carries it, and each run pins it for the handler's thread. Unpinned, it is {@code base}.
 */
final class PinnedClock extends Clock {

    private static final ThreadLocal<Instant> PINNED = new ThreadLocal<>();

    private final Clock base;

    PinnedClock(Clock base) {
        this.base = base;
    }

    /** Runs {@code work} with this thread's clocks reading {@code now}. */
    static <T> T at(long nowMillis, Supplier<T> work) {
        Instant previous = PINNED.get();
        PINNED.set(Instant.ofEpochMilli(nowMillis));
        try {
            return work.get();
        } finally {
            PINNED.set(previous);
        }
    }

    @Override
    public Instant instant() {
        Instant pinned = PINNED.get();
        return pinned != null ? pinned : base.instant();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new PinnedClock(base.withZone(zone));
    }
}
