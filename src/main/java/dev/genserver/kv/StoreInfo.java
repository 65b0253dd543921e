package dev.genserver.kv;

/** {@code {"id": "...", "size": n}}. */
record StoreInfo(String id, int size) {
}
