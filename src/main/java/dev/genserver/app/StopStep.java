package dev.genserver.app;

import org.springframework.context.SmartLifecycle;

/**
 * A step of the application's stop, taken once as the context closes, in its phase of Spring's stop (higher
 * phases first: the web server's graceful drain at {@code DEFAULT_PHASE - 1024}, its stop at {@code - 2048}).
 * Never paused: Spring pauses cached test contexts by stopping their lifecycle beans and restarts them, and what a
 * step ends (the runtime, the job queue's dispatching) does not start again.
 */
public abstract class StopStep implements SmartLifecycle {

    private final int phase;
    /** From its making: Spring asks only running beans to stop, and what the step ends exists from then. */
    private volatile boolean running = true;

    protected StopStep(int phase) {
        this.phase = phase;
    }

    /** What the stop does in this step; it may wait. */
    protected abstract void onStop();

    @Override
    public final void start() {
        running = true;
    }

    @Override
    public final void stop() {
        running = false;
        onStop();
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
