package dev.genserver.observability;

import java.util.List;

/**
 * One page of the observer's process table.
 *
 * @param rows       the processes on this page
 * @param total      how many processes match, where known without a walk of the table; null otherwise
 * @param outOf      where {@code total} is not known, how many processes the page was filtered from, so that a
 *                   reader sees the filter left rows out: every process there is, or the supervisor's children as
 *                   it last published them (null for a process that publishes none, being no supervisor)
 * @param nextAfter  in id order, the {@code after} of the next page; null on the last
 * @param nextOffset in a ranking, the {@code offset} of the next page; null on the last
 * @param query      the query this answers, as parsed
 */
record ProcessTablePage(List<ProcessRow> rows, Integer total, Integer outOf, Long nextAfter, Integer nextOffset,
                        TableQuery query) {
}
