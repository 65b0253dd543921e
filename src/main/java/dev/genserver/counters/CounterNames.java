package dev.genserver.counters;

import java.util.List;

/** {@code {"names": [...]}}: sorted ascending, at most {@link NamedCounters#LIST_LIMIT}. */
record CounterNames(List<String> names) {
}
