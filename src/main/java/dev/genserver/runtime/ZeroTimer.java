package dev.genserver.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A timer of delay 0 that a process's callback started. erts fires a due timer from its timer wheel between the
 * processes it runs, so a zero timer comes only once its starter yields: after anything the callback sends next,
 * and a read or cancel before then answers 0, the cancel stopping it for good. Its starter holds it
 * ({@link ProcessCell#holdUntilYield}) until the callback returns to the mailbox, waits for a reply or an init, or
 * the process ends; then {@link #start} hands it to the timer service for real, where it fires at once.
 */
final class ZeroTimer implements TimerRef {

    private final Supplier<TimerRef> starter;
    /** The timer the service runs, once started; guarded by this. */
    private TimerRef started;
    /** Cancelled while held: never started. Guarded by this. */
    private boolean cancelled;

    ZeroTimer(Supplier<TimerRef> starter) {
        this.starter = starter;
    }

    @Override
    public synchronized Optional<Duration> timeLeft() {
        if (started != null) {
            return started.timeLeft();
        }
        return cancelled ? Optional.empty() : Optional.of(Duration.ZERO);
    }

    @Override
    public synchronized Optional<Duration> cancel() {
        if (started != null) {
            return started.cancel();
        }
        if (cancelled) {
            return Optional.empty();
        }
        cancelled = true;
        return Optional.of(Duration.ZERO);
    }

    /** Its starter yielded: the timer goes to the timer service, unless it was cancelled meanwhile. */
    synchronized void start() {
        if (!cancelled && started == null) {
            started = starter.get();
        }
    }
}
