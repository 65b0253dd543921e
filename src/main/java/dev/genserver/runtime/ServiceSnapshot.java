package dev.genserver.runtime;

/**
 * One service's share of the runtime at one moment: what the metrics export, per service rather than per
 * process, since a million processes must not mean a million time series.
 *
 * @param service   the service name processes were started with ({@link StartOptions#withService})
 * @param processes processes alive
 * @param mailbox   messages waiting, summed over its processes
 * @param calls     calls handled since the runtime started, including by processes that have exited
 * @param casts     casts handled, likewise
 * @param infos     other messages handled (timers, monitors, plain sends), likewise
 */
public record ServiceSnapshot(String service, int processes, long mailbox, long calls, long casts, long infos) {

    /** Sums processes into a snapshot; single-threaded. */
    static final class Builder {
        private final String service;
        private int processes;
        private long mailbox;
        private long calls;
        private long casts;
        private long infos;

        Builder(String service) {
            this.service = service;
        }

        Builder(String service, long calls, long casts, long infos) {
            this(service);
            this.calls = calls;
            this.casts = casts;
            this.infos = infos;
        }

        void add(ProcessCell cell) {
            processes++;
            mailbox += cell.mailboxSize();
            calls += cell.calls();
            casts += cell.casts();
            infos += cell.infos();
        }

        ServiceSnapshot build() {
            return new ServiceSnapshot(service, processes, mailbox, calls, casts, infos);
        }
    }
}
