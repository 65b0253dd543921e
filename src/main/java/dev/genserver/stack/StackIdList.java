package dev.genserver.stack;

import java.util.List;

/** {@code {"ids": [...]}}: the first {@link Stacks#LIST_LIMIT} ids, sorted. */
record StackIdList(List<String> ids) {
}
