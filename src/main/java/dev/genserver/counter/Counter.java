package dev.genserver.counter;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
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

    Counter(ProcessTree tree, CounterProperties properties) {
        long initialValue = properties.initialValue();
        tree.startChild(ChildSpec.permanent("counter", () -> new CounterServer(initialValue))
                .withOptions(StartOptions.named(NAME).withService("counter")));
        this.process = tree.singleton(NAME);
    }

    /** Adds one; returns the new value (a call). */
    public long increment() {
        return process.pid().call(new CounterServer.Increment());
    }

    /** The current value (a call). */
    public long value() {
        return process.pid().call(new CounterServer.Value());
    }

    /** Back to zero; returns once the request is queued (a cast). */
    public void reset() {
        process.pid().cast(CounterServer.Reset.INSTANCE);
    }
}
