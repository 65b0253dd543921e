package dev.genserver.observability;

/**
 * What the observer's process table shows: the order, the filters and the page. In id (start) order a page
 * continues after a process id, so it costs O(page); in any other order the whole table is ranked at read time
 * and a page is an offset into the ranking, up to {@link #MAX_OFFSET}. Parsed from a request by
 * {@link TableParameters}.
 *
 * @param sort       the order: {@code id} (oldest first), or the largest {@code mailbox}, {@code rate}
 *                   (messages per second) or {@code restarts} first, ties oldest first
 * @param service    only processes of this service, or null
 * @param name       only processes whose name, as shown (redacted), contains this (case-insensitive), or null;
 *                   never matched against a redacted key, which would let a filter guess it
 * @param supervisor only children of the supervisor with this process id, or null (id order only)
 * @param offset     rows to skip in a ranking
 * @param after      in id order, the process id the page starts after
 * @param limit      rows per page, 1 to {@link #MAX_LIMIT}
 */
record TableQuery(Sort sort, String service, String name, Long supervisor, int offset, long after, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int MAX_OFFSET = 10_000;
    static final int MAX_FILTER = 256;

    enum Sort { ID, MAILBOX, RATE, RESTARTS }

    /** "Top 20 by mailbox depth": the operator's first question. */
    static TableQuery topByMailbox(int n) {
        return new TableQuery(Sort.MAILBOX, null, null, null, 0, 0, n);
    }
}
