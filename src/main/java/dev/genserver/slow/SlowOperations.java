package dev.genserver.slow;

import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Name;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The slow operations' client API. {@link #perform} blocks its caller (a virtual request thread) for the
 * operation's delay, but never the process: many operations overlap, and {@link #stats} answers meanwhile.
 *
 * <p>Thread-safe: every method is a message to the {@code slow-operations} process.
 */
@Component
public class SlowOperations {

    static final Name NAME = Name.local("slow-operations");
    static final long MAX_DELAY_MS = 10_000;

    private final Singleton process;
    private final Duration timeoutMargin;

    SlowOperations(ProcessDirectory directory, SlowOperationsProperties properties, Clock clock) {
        this.process = directory.singleton(NAME.toString(), null, () -> new SlowOperationServer(clock));
        this.timeoutMargin = properties.timeoutMargin();
    }

    /**
     * Waits {@code delayMs} in a task of the process and answers when it is done (a call whose reply comes
     * later). The call's timeout is the delay plus the configured margin. {@code delayMs} is 0..10000.
     */
    public SlowOperationResult perform(long delayMs) {
        var op = new SlowOperationServer.SlowOperation(delayMs);
        return process.call(op, op.delay().plus(timeoutMargin));
    }

    /** Operations in flight and completed (a call the process answers at once). */
    public SlowOperationStats stats() {
        return process.call(new SlowOperationServer.Stats());
    }
}
