package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reports handlers that run too long while they still run, as Vert.x's blocked-thread checker does for event
 * loops: the GenServer pitfall of blocking the process, made visible.
 *
 * <p>It costs the hot path nothing beyond what each process already publishes: the message it is handling and
 * its handled-message count. Every period the watch walks the process table; a process seen handling the same
 * message (same message, same count) for at least the threshold is reported once, with a warning log and
 * {@link RuntimeListener#handlerSlow}. A handler is thus reported between {@code threshold} and
 * {@code threshold + 2 × period} after it began. The period is a quarter of the threshold, stretched so that
 * the walk takes at most 2% of one core (with a million processes a walk takes tens of milliseconds), but never
 * beyond the threshold itself; and it is at least a millisecond, so that a threshold of a few microseconds does
 * not turn the timer thread into a busy loop (a walk of a small table, timer included, costs some 20 µs).
 *
 * <p>The walk runs on the timer thread; only one runs at a time, so its bookkeeping needs no locks.
 */
final class SlowHandlerWatch {

    private static final System.Logger LOG = System.getLogger(SlowHandlerWatch.class.getName());

    /** The shortest period between two walks. */
    private static final long MIN_PERIOD_NANOS = 1_000_000;

    private final ProcessRuntime runtime;
    private final long thresholdNanos;
    private Map<ProcessCell, Sighting> seen = new IdentityHashMap<>();

    /** A process found busy: with what, at which count, since when (timer nanos), and whether reported yet. */
    private record Sighting(Object message, long processed, long since, boolean reported) {
        Sighting asReported() {
            return new Sighting(message, processed, since, true);
        }
    }

    SlowHandlerWatch(ProcessRuntime runtime, Duration threshold) {
        this.runtime = runtime;
        this.thresholdNanos = Timeouts.capped(threshold).toNanos();
    }

    void start() {
        schedule(thresholdNanos / 4);
    }

    private void schedule(long delayNanos) {
        runtime.options().timers().schedule(this::tick, Duration.ofNanos(Math.max(MIN_PERIOD_NANOS, delayNanos)));
    }

    private void tick() {
        if (runtime.isClosed()) {
            return;
        }
        long began = System.nanoTime();
        try {
            scan();
        } finally {
            long took = System.nanoTime() - began;
            schedule(Math.min(thresholdNanos, Math.max(thresholdNanos / 4, took * 50)));
        }
    }

    /** One walk over the process table. */
    void scan() {
        long now = runtime.options().timers().nanoTime();
        Map<ProcessCell, Sighting> stillBusy = new IdentityHashMap<>();
        for (ProcessCell cell : runtime.cells()) {
            Object message = cell.handling();
            if (message == null || !cell.slowHandlerWatch) {
                continue;
            }
            long processed = cell.processed();
            Sighting previous = seen.get(cell);
            Sighting sighting = previous != null && previous.message() == message
                    && previous.processed() == processed ? previous : new Sighting(message, processed, now, false);
            if (!sighting.reported() && now - sighting.since() >= thresholdNanos) {
                report(cell, message, Duration.ofNanos(now - sighting.since()));
                sighting = sighting.asReported();
            }
            stillBusy.put(cell, sighting);
        }
        seen = stillBusy;
    }

    private void report(ProcessCell cell, Object message, Duration running) {
        LOG.log(Level.WARNING, "process {0} ({1}) has been handling {2} for {3} ms and is still running: "
                        + "a blocked process answers no one else (see the slow-handler threshold)",
                cell, cell.service(), typeOf(message), running.toMillis());
        try {
            runtime.options().listener().handlerSlow(cell, message, running);
        } catch (RuntimeException listenerFailure) {
            LOG.log(Level.ERROR, "runtime listener failed on handlerSlow", listenerFailure);
        }
    }

    /** The message's type without its package: names the request without printing its (possibly secret) data. */
    static String typeOf(Object message) {
        Class<?> type = message.getClass();
        String name = type.getName();
        return type.getPackageName().isEmpty() ? name : name.substring(type.getPackageName().length() + 1);
    }
}
