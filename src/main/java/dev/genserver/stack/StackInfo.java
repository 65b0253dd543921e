package dev.genserver.stack;

/** {@code {"id": "...", "size": n}}: a stack as {@code POST /api/stacks} and {@code GET /api/stacks/{id}} show it. */
record StackInfo(String id, int size) {
}
