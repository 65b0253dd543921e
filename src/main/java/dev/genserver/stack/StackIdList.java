package dev.genserver.stack;

import java.util.List;

/** {@code {"ids": [...]}}: at most {@link Stacks#LIST_LIMIT} ids, in no particular order. */
record StackIdList(List<String> ids) {
}
