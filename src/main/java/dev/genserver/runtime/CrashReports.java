package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.function.LongSupplier;

/**
 * The runtime's crash reports, held to a burst limit as OTP's logger holds its handlers' events
 * ({@code burst_limit_max_count} within {@code burst_limit_window_time}): at most {@link #PER_SECOND} crash reports,
 * each with its stack trace, in any one second of the runtime's clock; the crashes beyond it are counted, not
 * reported, and the next report after the second says how many went unreported. A crash loop, or a client asking
 * for crashes (a job asked to fail), cannot fill the log, while every crash still runs its course: exit signals,
 * monitors, restarts and the listener's exit count ({@code genserver_process_exits_total}) see them all.
 *
 * <p>Thread-safe.
 */
final class CrashReports {

    /** Crash reports per second: enough to see a crash loop's first ones and its pace. */
    static final int PER_SECOND = 10;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private long windowStart;
    private boolean started;
    private int reported;
    private int unreported;

    CrashReports(System.Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code message} with {@code failure}'s trace at ERROR, unless this second's reports are used up. */
    void report(String message, Throwable failure) {
        int missed;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (!started || now - windowStart >= SECOND_NANOS) {
                started = true;
                windowStart = now;
                reported = 0;
            }
            if (reported == PER_SECOND) {
                unreported++;
                return;
            }
            reported++;
            missed = unreported;
            unreported = 0;
        }
        if (missed > 0) {
            log.log(Level.ERROR, missed + " crash report" + (missed == 1 ? " was" : "s were") + " not logged, past "
                    + PER_SECOND + " a second; the crashes ran their course (see the process exit counts)");
        }
        log.log(Level.ERROR, message, failure);
    }
}
