package dev.genserver.stack;

/** {@code {"size": n}}. */
record StackSize(int size) {
}
