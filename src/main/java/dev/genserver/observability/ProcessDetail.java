package dev.genserver.observability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import tools.jackson.databind.JsonNode;

/**
 * One process with its state ({@code :sys.get_status}).
 *
 * @param process    the fields of the list
 * @param state      what the server's {@code formatStatus} shows, cut to a bounded size; null when unavailable
 * @param stateError why the state is missing: {@code timeout} (the process did not answer in time),
 *                   {@code format_status_failed} or {@code unrenderable}; absent when the state is there
 */
record ProcessDetail(@JsonUnwrapped ProcessView process, JsonNode state,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String stateError) {
}
