package dev.genserver.observability;

import java.util.List;

/**
 * One page of the process list, in start order.
 *
 * @param processes at most {@code limit} processes with ids above {@code after}
 * @param count     how many processes are alive in total
 * @param next      the {@code after} for the next page, or null on the last page
 */
record ProcessPage(List<ProcessView> processes, int count, Long next) {
}
