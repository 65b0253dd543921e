package dev.genserver.observability;

import dev.genserver.runtime.ProcessInfo;
import java.time.Instant;

/**
 * One process in the list, as the Erlang observer shows it.
 *
 * @param id         the process id, unique for the runtime's life and increasing with start order
 * @param name       the registered name as displayed ({@code counter}, {@code counters:foo},
 *                   {@code stacks:<redacted>}), or null
 * @param service    the service the process belongs to
 * @param status     {@code running}, {@code waiting} (idle), {@code suspended} or {@code dead} (exited while
 *                   being listed)
 * @param mailbox    messages waiting
 * @param processed  messages handled so far, system messages included (the state reads of this endpoint, which
 *                   {@code genserver_messages_total} leaves out: it counts calls, casts and infos)
 * @param restarts   how often its supervisor had restarted this child before this process started
 * @param supervisor the supervisor's name (or pid), or null
 * @param startedAt  when this process started
 */
record ProcessView(long id, String name, String service, String status, int mailbox, long processed,
                   int restarts, String supervisor, Instant startedAt) {

    static ProcessView of(ProcessInfo info) {
        return new ProcessView(info.pid().id(), ProcessNames.name(info.pid()), info.service(), info.status(),
                info.mailbox(), info.processed(), info.restarts(), info.supervisor(), info.startedAt());
    }
}
