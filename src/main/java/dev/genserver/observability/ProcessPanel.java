package dev.genserver.observability;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.genserver.runtime.ProcessStatistics;
import tools.jackson.databind.JsonNode;

/**
 * One process as the observer shows it.
 *
 * @param process        the processes endpoint's fields, redacted alike
 * @param rate           messages handled per second between its last two samples, or null until measured
 * @param statistics     messages handled by kind ({@code :sys.statistics})
 * @param state          what its {@code formatStatus} shows, bounded as the processes endpoint bounds it
 * @param stateError     why the state is missing ({@code timeout}, {@code format_status_failed},
 *                       {@code unrenderable}), or absent
 * @param mailboxHistory its mailbox depth each second since it first backed up or was opened, up to five minutes;
 *                       in a stream's events after its first, the depths since the event before
 * @param actions        where kill, suspend and resume are sent: this process's path in the processes endpoint,
 *                       under the management server's base path and actuator's, whatever they are; absent unless
 *                       {@code genserver.observability.allow-kill} allows them, the endpoint is exposed and the
 *                       panel was asked for through a host a browser may act through ({@link ActionHostNames})
 */
record ProcessPanel(ProcessView process, Double rate, ProcessStatistics statistics, JsonNode state,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String stateError,
                    ObserverHistory.Depths mailboxHistory,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String actions) implements Continued<ProcessPanel> {

    @Override
    public ProcessPanel after(ProcessPanel sent) {
        return new ProcessPanel(process, rate, statistics, state, stateError, mailboxHistory.after(sent.mailboxHistory),
                actions);
    }
}
