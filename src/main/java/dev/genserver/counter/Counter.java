package dev.genserver.counter;

import dev.genserver.app.Refusal;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Name;
import org.springframework.stereotype.Component;

/**
 * The counter's client API ({@code Counter.increment/0}, {@code get_value/0}, {@code reset/0}). Starts the
 * counter as a permanent child of the root supervisor, registered as {@code counter}, and addresses it by that
 * name, so a restart is invisible to callers.
 *
 * <p>Thread-safe: every method is a message to the counter process.
 */
@Component
public class Counter {

    static final Name NAME = Name.local("counter");

    private final Singleton process;

    Counter(ProcessDirectory directory, CounterProperties properties) {
        long initialValue = properties.initialValue();
        this.process = directory.singleton(NAME.toString(), null, () -> new CounterServer(initialValue));
    }

    /**
     * Adds one; returns the new value (a call).
     *
     * @throws Refusal {@code full} at {@link Long#MAX_VALUE}, where the count stays
     */
    public long increment() {
        Long next = process.call(new CounterServer.Increment());
        if (next == null) {
            throw new Refusal(Refusal.Reason.FULL, "the counter is at its maximum, " + Long.MAX_VALUE);
        }
        return next;
    }

    /** The current value (a call). */
    public long value() {
        return process.call(new CounterServer.Value());
    }

    /** Back to zero; returns once the request is queued (a cast). */
    public void reset() {
        process.cast(CounterServer.Reset.INSTANCE);
    }
}
