package dev.genserver.runtime;

import java.time.Instant;

/**
 * What {@code :sys.statistics(pid, :get)} reports, from the counts every process keeps anyway (OTP has to be told
 * to start counting). They are read without a message to the process, unsynchronized: a message counts as soon
 * as its handling starts, and a figure may lag a moment behind the process. Everything handled before a call
 * returned, or before a status or state request answered, is counted.
 *
 * <pre>{@code
 * :sys.statistics(pid, true)      (nothing: always counted)
 * :sys.statistics(pid, :get)      runtime.statistics(pid)
 * }</pre>
 *
 * @param startedAt when the process started ({@code start_time})
 * @param calls     calls handled
 * @param casts     casts handled
 * @param infos     info messages handled (timers, monitors' DOWNs, trapped exits, plain sends)
 * @param others    everything else handled: system requests, stops, idle-timeout checks, continues
 * @param mailbox   messages waiting, those a suspended process keeps aside included
 */
public record ProcessStatistics(Instant startedAt, long calls, long casts, long infos, long others, int mailbox) {

    /** Messages handled, of every kind ({@code messages_in}, less those still waiting). */
    public long processed() {
        return calls + casts + infos + others;
    }

    static ProcessStatistics of(ProcessCell cell) {
        return new ProcessStatistics(Instant.ofEpochMilli(cell.startedAtMillis), cell.calls(), cell.casts(),
                cell.infos(), cell.others(), cell.mailboxSize());
    }
}
