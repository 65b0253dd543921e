package dev.genserver.observability;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of the process list, in start order.
 *
 * @param processes at most {@code limit} processes with ids above {@code after}
 * @param count     how many processes are alive in total
 * @param next      the {@code after} for the next page, or null on the last page
 * @param member    in cluster mode, the member every listed process runs on ({@code host:port}); absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProcessPage(List<ProcessView> processes, int count, Long next, String member) {
}
