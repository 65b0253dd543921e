package dev.genserver.counter;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"value": n}}. */
record CounterValue(@Schema(description = "The counter's value", example = "11") long value) {
}
