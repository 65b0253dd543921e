package dev.genserver.runtime;

import java.time.Instant;

/**
 * A snapshot of one process for introspection (the Erlang observer's process list). Counts are read without
 * stopping the process, so they may be a message or two behind.
 *
 * @param pid        the process
 * @param name       its registered name as printed ({@code registry:<redacted>} in a registry that redacts its
 *                   keys: look such a process up by key in its {@link Registry}), or null
 * @param service    the service it belongs to
 * @param status     {@code running} (handling a message or scheduled to), {@code waiting} (idle), {@code suspended}
 *                   ({@link ProcessRuntime#suspend}) or {@code dead}
 * @param mailbox    messages waiting
 * @param processed  messages handled so far, system messages ({@code :sys} requests) included
 * @param restarts   how often its supervisor had restarted this child before starting this process
 * @param supervisor the name (or pid) of the process it is linked to as a child, or null
 * @param startedAt  when it started
 */
public record ProcessInfo(Pid pid, String name, String service, String status, int mailbox, long processed,
                          int restarts, String supervisor, Instant startedAt) {

    static ProcessInfo of(ProcessCell cell) {
        Name name = cell.registeredName();
        ProcessCell parent = cell.parent;
        String supervisor = parent == null ? null
                : parent.registeredName() == null ? parent.toString() : parent.registeredName().toString();
        String status = !cell.isAlive() ? "dead" : cell.isSuspended() ? "suspended"
                : cell.isRunning() ? "running" : "waiting";
        return new ProcessInfo(cell, name == null ? null : name.toString(), cell.service(), status,
                cell.mailboxSize(), cell.processed(), cell.restarts, supervisor,
                Instant.ofEpochMilli(cell.startedAtMillis));
    }
}
