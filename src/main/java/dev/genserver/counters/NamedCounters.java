package dev.genserver.counters;

import dev.genserver.app.Refusal;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.Listing;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.NoProcessException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The named counters' client API. Each counter is a temporary child of the {@code counters} dynamic supervisor,
 * registered under its name ({@code {:via, Registry, {Counters, name}}}), and addressed by name on every use, so a
 * deleted counter is simply not found.
 *
 * <p>Thread-safe (see {@link KeyedProcesses}): two first increments of one name both count, and an increment
 * that finds its counter being deleted starts it afresh.
 */
@Component
public class NamedCounters {

    private final KeyedProcesses counters;

    @Autowired
    NamedCounters(ProcessDirectory directory, CountersProperties properties) {
        this(directory.keyed("counters", "counters", "counters", properties.maxCount(), properties.idleTimeout(),
                () -> new NamedCounterServer(Next.timeoutOrNone(properties.idleTimeout()))));
    }

    /** For tests: the given counters. */
    NamedCounters(KeyedProcesses counters) {
        this.counters = counters;
    }

    /**
     * Adds one to the counter {@code name}, starting it (at zero) if it does not exist; returns the new value.
     *
     * @throws dev.genserver.runtime.MaxChildrenException when {@code genserver.counters.max-count} counters exist
     * @throws Refusal {@code full} at {@link Long#MAX_VALUE}, where the count stays
     */
    public long increment(String name) {
        Long next = counters.callOrStart(name, new NamedCounterServer.Increment());
        if (next == null) {
            throw new Refusal(Refusal.Reason.FULL, "the counter is at its maximum, " + Long.MAX_VALUE);
        }
        return next;
    }

    /**
     * The value of counter {@code name}.
     *
     * @throws NoProcessException if it was never started or has been deleted
     */
    public long value(String name) {
        return counters.call(name, new NamedCounterServer.Value());
    }

    /**
     * Sets counter {@code name} back to zero (a cast, as the seed's {@code reset/0}), once it is queued: every later
     * request finds it at zero. The counter and its name stay.
     *
     * @throws NoProcessException if it was never started or has been deleted: refused, not dropped
     */
    public void reset(String name) {
        counters.cast(name, NamedCounterServer.Reset.INSTANCE);
    }

    /**
     * Stops counter {@code name} as its supervisor does ({@code terminate_child}); a later increment starts it
     * again from zero.
     *
     * @throws NoProcessException if it does not exist
     */
    public void delete(String name) {
        counters.stop(name);
    }

    /** The names of the running counters, sorted, one page of them: those after {@code after} (null: the first). */
    public Listing names(String after) {
        return Listing.of(counters, after);
    }
}
