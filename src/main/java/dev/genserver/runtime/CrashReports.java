package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The runtime's crash reports, held to a burst limit as OTP's logger holds a handler's events
 * ({@code burst_limit_max_count} within {@code burst_limit_window_time}), here per service: at most
 * {@link #PER_SECOND} crash reports of a service's processes, each with its stack trace, in any one second of the
 * runtime's clock; that service's crashes beyond it are counted, not reported, and its next report after the second
 * says how many went unreported (none follows if it never crashes again: the exit counts have them). A crash loop,
 * or a client asking for crashes (a job asked to fail), cannot fill the log, nor keep another service's crashes out
 * of it, while every crash still runs its course: exit signals, monitors, restarts and the listener's exit count
 * see them all. A {@link VirtualMachineError} is always reported.
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
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    CrashReports(System.Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * Logs {@code message} with {@code failure}'s trace at ERROR, unless {@code service}'s reports of this second
     * are used up.
     */
    void report(String service, String message, Throwable failure) {
        Window window = windows.computeIfAbsent(service, any -> new Window());
        int missed;
        synchronized (window) {
            long now = nanoTime.getAsLong();
            if (!window.started || now - window.start >= SECOND_NANOS) {
                window.started = true;
                window.start = now;
                window.reported = 0;
            }
            if (window.reported >= PER_SECOND && !(failure instanceof VirtualMachineError)) {
                window.unreported++;
                return;
            }
            window.reported++;
            missed = window.unreported;
            window.unreported = 0;
        }
        if (missed > 0) {
            log.log(Level.ERROR, missed + " crash report" + (missed == 1 ? "" : "s") + " of " + service
                    + (missed == 1 ? " was" : " were") + " not logged, past " + PER_SECOND + " a second; the crashes "
                    + "ran their course (see the process exit counts)");
        }
        log.log(Level.ERROR, message, failure);
    }
}
