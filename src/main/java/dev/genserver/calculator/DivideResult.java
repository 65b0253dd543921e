package dev.genserver.calculator;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigInteger;

/** {@code {"result": n}}: an integer of any size, written as a JSON number. */
record DivideResult(
        @Schema(description = "a / b truncated toward zero, an integer of any size", example = "3") BigInteger result) {
}
