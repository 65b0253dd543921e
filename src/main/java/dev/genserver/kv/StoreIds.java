package dev.genserver.kv;

import java.util.List;

/** {@code {"ids": [...]}}: the stores that exist now, sorted. */
record StoreIds(List<String> ids) {
}
