package dev.genserver.stack;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"size": n}}. */
record StackSize(@Schema(description = "Items on the stack", example = "3") int size) {
}
