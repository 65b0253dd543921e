package dev.genserver.kv;

import java.io.Serializable;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * {@code {"keys": [...]}}, sorted ascending, at most one page long. {@code next} is present only when more keys
 * follow: pass it back as {@code ?after=} to read the next page.
 */
record KeyPage(
        @Schema(description = "The page's keys, sorted ascending", example = "[\"a\", \"b\"]") List<String> keys,
        @Schema(description = "Present when more keys follow: pass it as ?after= for the next page", example = "b")
        @JsonInclude(JsonInclude.Include.NON_NULL) String next) implements Serializable {

    /** The largest page a client may ask for, and the default size: a store's key list is never unbounded. */
    static final int MAX_LIMIT = 1000;
}
