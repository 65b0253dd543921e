package dev.genserver.observability;

import dev.genserver.web.Failure;
import org.jspecify.annotations.Nullable;
import org.springframework.web.ErrorResponseException;

/** The {@code limit} and {@code after} query parameters of the process list, validated. */
final class PageParameters {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private PageParameters() {
    }

    /**
     * @throws ErrorResponseException {@code invalid_request} unless absent or an integer from 1 to {@link #MAX_LIMIT}
     */
    static int limit(@Nullable String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        long limit = parse(value, "limit must be an integer from 1 to " + MAX_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Failure.INVALID_REQUEST.exception("limit must be an integer from 1 to " + MAX_LIMIT);
        }
        return (int) limit;
    }

    /** @throws ErrorResponseException {@code invalid_request} unless absent or a process id (an integer, 0 or more) */
    static long after(@Nullable String value) {
        return value == null ? 0 : parse(value, "after must be a process id: an integer, 0 or more");
    }

    /**
     * {@code value} as a long of decimal digits only (no sign, no spaces), as large as a long goes.
     *
     * @throws ErrorResponseException {@code invalid_request} worded as {@code rule} otherwise
     */
    static long parse(String value, String rule) {
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Failure.INVALID_REQUEST.exception(rule);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException beyondALong) {
            throw Failure.INVALID_REQUEST.exception(rule);
        }
    }
}
