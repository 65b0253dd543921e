package dev.genserver.runtime;

import java.time.Duration;
import java.util.List;

/**
 * What a supervisor process publishes after each message it handles, for {@link ProcessRuntime#supervision}: an
 * immutable snapshot in a volatile field of the supervisor's server object, written by the supervisor alone.
 * The restart times are kept rather than a count, so the window slides at the moment of reading.
 */
record Published(String strategy, int children, long[] restartTimes, int maxRestarts, Duration period,
                 List<ChildInfo> childList, boolean dynamic) {

    SupervisionReport report(long now) {
        long periodNanos = Timeouts.capped(period).toNanos();
        int inWindow = 0;
        for (long time : restartTimes) {
            if (now - time <= periodNanos) {
                inWindow++;
            }
        }
        return new SupervisionReport(new SupervisorStats(strategy, children, inWindow, maxRestarts, period),
                childList, dynamic);
    }

    /** Implemented by the supervisors' servers. */
    interface Publisher {
        /** The last snapshot, or null before the first. */
        Published published();
    }
}
