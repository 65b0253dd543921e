package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's crash reports, held to a burst limit as OTP's logger holds a handler's events
 * ({@code burst_limit_max_count} within {@code burst_limit_window_time}), here per service: at most
 * {@link #PER_SECOND} crash reports of a service's processes, each with its stack trace, in any one second of the
 * runtime's clock; that service's crashes beyond it are counted, not reported, and how many went unreported is
 * logged a second after the first was held back (on the runtime's timers), or before a report that comes sooner.
 * A crash loop, or a client asking for crashes (a job asked to fail), cannot fill the log, nor keep another
 * service's crashes out of it, while every crash still runs its course: exit signals, monitors, restarts and the
 * listener's exit count see them all. A {@link VirtualMachineError} is always reported.
 *
 * <p>Thread-safe.
 */
final class CrashReports {

    /** Crash reports per service and second: enough to see a crash loop's first ones and its pace. */
    static final int PER_SECOND = 10;
    private static final long SECOND_NANOS = 1_000_000_000L;

    /** One service's reports in the current second. */
    private static final class Window {
        long start;
        boolean started;
        int reported;
        int unreported;
    }

    private final System.Logger log;
    private final TimerService timers;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    CrashReports(System.Logger log, TimerService timers) {
        this.log = log;
        this.timers = timers;
    }

    /**
     * Logs {@code message} with {@code failure}'s trace at ERROR, unless {@code service}'s reports of this second
     * are used up.
     */
    void report(String service, String message, Throwable failure) {
        Window window = windows.computeIfAbsent(service, any -> new Window());
        boolean reported;
        boolean firstHeldBack = false;
        int missed = 0;
        synchronized (window) {
            long now = timers.nanoTime();
            if (!window.started || now - window.start >= SECOND_NANOS) {
                window.started = true;
                window.start = now;
                window.reported = 0;
            }
            reported = window.reported < PER_SECOND || failure instanceof VirtualMachineError;
            if (reported) {
                window.reported++;
                missed = window.unreported;
                window.unreported = 0;
            } else {
                firstHeldBack = window.unreported++ == 0;
            }
        }
        if (firstHeldBack) {
            // its summary is due within a second, whether more crashes come or not (scheduled outside the lock: a
            // timer service may run its tasks under its own)
            try {
                timers.schedule(() -> summarize(service, window), Duration.ofNanos(SECOND_NANOS));
            } catch (RuntimeException refused) {
                // a timer service that takes no more tasks (its owner shut it down): the next report says it; a
                // crash's course must not fail on its report
            }
        }
        if (reported) {
            logUnreported(service, missed);
            log.log(Level.ERROR, message, failure);
        }
    }

    /** Logs how many of {@code service}'s reports were held back, unless a report since has said it. */
    private void summarize(String service, Window window) {
        int missed;
        synchronized (window) {
            missed = window.unreported;
            window.unreported = 0;
        }
        logUnreported(service, missed);
    }

    private void logUnreported(String service, int missed) {
        if (missed > 0) {
            log.log(Level.ERROR, missed + " crash report" + (missed == 1 ? "" : "s") + " of " + service
                    + (missed == 1 ? " was" : " were") + " not logged, past " + PER_SECOND + " a second; the crashes "
                    + "ran their course (see the process exit counts)");
        }
    }
}
