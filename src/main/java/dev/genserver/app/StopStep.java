package dev.genserver.app;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;

/**
 * A step of the application's stop, taken once as the context closes, in its phase of Spring's stop (higher
 * phases first: the web server's graceful drain at {@code DEFAULT_PHASE - 1024}, its stop at {@code - 2048}).
 * Never paused: Spring pauses cached test contexts by stopping their lifecycle beans and restarts them, and what a
 * step ends (the runtime, the job queue's dispatching) does not start again; for the same reason a start after the
 * step was taken ({@code context.stop()} then {@code start()}, a checkpoint's restart) does not undo it, and the step
 * is not taken twice.
 */
public abstract class StopStep implements SmartLifecycle {

    private final int phase;
    /** From its making: Spring asks only running beans to stop, and what the step ends exists from then. */
    private volatile boolean running = true;
    private final AtomicBoolean taken = new AtomicBoolean();

    protected StopStep(int phase) {
        this.phase = phase;
    }

    /** What the stop does in this step; it may wait. */
    protected abstract void onStop();

    @Override
    public final void start() {
        running = !taken.get();
    }

    @Override
    public final void stop() {
        running = false;
        if (taken.compareAndSet(false, true)) {
            onStop();
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final boolean isPauseable() {
        return false;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
