package dev.genserver.observability;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of the observer's process table.
 *
 * @param id         the process id
 * @param name       the name as shown, redacted as the processes endpoint redacts it, or null
 * @param service    the service it belongs to
 * @param status     {@code running}, {@code waiting}, {@code suspended} or {@code dead}
 * @param mailbox    messages waiting
 * @param rate       calls, casts and infos handled per second over the last second or so; null until measured
 * @param restarts   how often its supervisor had restarted this child before this process started
 * @param age        seconds since it started
 * @param supervisor its supervisor's name (or pid), or null
 */
record ProcessRow(long id, String name, String service, String status, int mailbox, Double rate, int restarts,
                  long age, String supervisor) {

    static ProcessRow of(ProcessView view, double rate, Instant now) {
        return new ProcessRow(view.id(), view.name(), view.service(), view.status(), view.mailbox(),
                Double.isNaN(rate) ? null : Math.round(rate * 10) / 10.0, view.restarts(),
                Math.max(0, Duration.between(view.startedAt(), now).toSeconds()), view.supervisor());
    }
}
