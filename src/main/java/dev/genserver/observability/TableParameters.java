package dev.genserver.observability;

import dev.genserver.observability.TableQuery.Sort;
import dev.genserver.web.Failure;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.ErrorResponseException;

/** The query parameters of the observer's process table, validated into a {@link TableQuery}. */
final class TableParameters {

    private TableParameters() {
    }

    /** @throws ErrorResponseException {@code invalid_request} for a parameter out of its range */
    static TableQuery parse(Map<String, String> parameters) {
        Sort sort = sort(parameters.get("sort"));
        Long supervisor = parameters.containsKey("supervisor")
                ? number(parameters, "supervisor", 0, Long.MAX_VALUE) : null;
        if (supervisor != null && sort != Sort.ID) {
            throw invalid("a supervisor's children are listed in id order only");
        }
        // each order pages its own way: a parameter of the other would be ignored, the client shown another page
        if (sort == Sort.ID && number(parameters, "offset", 0, TableQuery.MAX_OFFSET) != 0) {
            throw invalid("offset pages a ranking (sort=mailbox, rate, restarts); in id order, page with after");
        }
        if (sort != Sort.ID && number(parameters, "after", 0, Long.MAX_VALUE) != 0) {
            throw invalid("after pages the id order; a ranking (sort=" + sort.name().toLowerCase(Locale.ROOT)
                    + ") pages with offset");
        }
        int limit = parameters.containsKey("limit") ? (int) number(parameters, "limit", 1, TableQuery.MAX_LIMIT)
                : TableQuery.DEFAULT_LIMIT;
        return new TableQuery(sort, filter(parameters, "service"), filter(parameters, "name"), supervisor,
                (int) number(parameters, "offset", 0, TableQuery.MAX_OFFSET),
                number(parameters, "after", 0, Long.MAX_VALUE),
                limit);
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
        if (value == null) {
            return null;
        }
        // judged before a blank one counts as none: a CR LF is refused as a NUL is, not taken for spaces
        if (value.codePointCount(0, value.length()) > TableQuery.MAX_FILTER
                || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(key + " must be at most " + TableQuery.MAX_FILTER
                    + " characters, without control characters");
        }
        return value.isBlank() ? null : value.strip();
    }

    private static long number(Map<String, String> parameters, String key, long min, long max) {
        String value = parameters.get(key);
        if (value == null) {
            return 0;
        }
        String rule = key + " must be an integer from " + min + " to " + max;
        long number = PageParameters.parse(value, rule);
        if (number < min || number > max) {
            throw invalid(rule);
        }
        return number;
    }

    private static ErrorResponseException invalid(String rule) {
        return Failure.INVALID_REQUEST.exception(rule);
    }
}
