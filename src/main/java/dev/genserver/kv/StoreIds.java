package dev.genserver.kv;

import java.util.List;

/** {@code {"ids": [...]}}: the stores that exist now, sorted, at most the first 1000. */
record StoreIds(List<String> ids) {
}
