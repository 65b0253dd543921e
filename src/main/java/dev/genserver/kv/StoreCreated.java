package dev.genserver.kv;

/** {@code {"id": "..."}}: the answer to creating a store. */
record StoreCreated(String id) {
}
