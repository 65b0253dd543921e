package dev.genserver.counters;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code {"names": [...]}}: sorted ascending, at most {@link NamedCounters#LIST_LIMIT}. */
record CounterNames(@Schema(description = "Names of running counters, sorted, at most 1000",
        example = "[\"clicks\", \"views\"]") List<String> names) {
}
