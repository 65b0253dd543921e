package dev.genserver.observability;

import dev.genserver.web.Failure;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.ErrorResponseException;

/**
 * What the observer's process table shows: the order, the filters and the page. In id (start) order a page
 * continues after a process id, so it costs O(page); in any other order the whole table is ranked at read time
 * and a page is an offset into the ranking, up to {@link #MAX_OFFSET}.
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

    /** @throws ErrorResponseException {@code invalid_request} for a parameter out of its range */
    static TableQuery parse(Map<String, String> parameters) {
        Sort sort = sort(parameters.get("sort"));
        Long supervisor = parameters.containsKey("supervisor") ? number(parameters, "supervisor", Long.MAX_VALUE) : null;
        if (supervisor != null && sort != Sort.ID) {
            throw invalid("a supervisor's children are listed in id order only");
        }
        int limit = parameters.containsKey("limit") ? (int) number(parameters, "limit", MAX_LIMIT) : DEFAULT_LIMIT;
        if (limit == 0) {
            throw invalid("limit must be an integer from 1 to " + MAX_LIMIT);
        }
        return new TableQuery(sort, filter(parameters, "service"), filter(parameters, "name"), supervisor,
                (int) number(parameters, "offset", MAX_OFFSET), number(parameters, "after", Long.MAX_VALUE), limit);
    }

    private static Sort sort(String value) {
        if (value == null || value.isEmpty()) {
            return Sort.ID;
        }
        for (Sort sort : Sort.values()) {
            if (sort.name().toLowerCase(Locale.ROOT).equals(value)) {
                return sort;
            }
        }
        throw invalid("sort must be one of id, mailbox, rate, restarts");
    }

    private static String filter(Map<String, String> parameters, String key) {
        String value = parameters.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(key + " must be at most " + MAX_FILTER + " characters, without control characters");
        }
        return value.strip();
    }

    private static long number(Map<String, String> parameters, String key, long max) {
        String value = parameters.get(key);
        if (value == null) {
            return 0;
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(value) > max) {
            throw invalid(key + " must be an integer from 0 to " + max);
        }
        return Long.parseLong(value);
    }

    private static ErrorResponseException invalid(String rule) {
        return Failure.INVALID_REQUEST.exception(rule);
    }
}
