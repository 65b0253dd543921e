package dev.genserver.stack;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"size": n}}. */
record StackSize(@Schema(example = "3") int size) {
}
