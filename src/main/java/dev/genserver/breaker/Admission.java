package dev.genserver.breaker;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"name", "state"}}: a call guarded by the breaker may proceed. */
@Schema(description = "The guarded call may proceed")
record Admission(
        @Schema(description = "The breaker's name", example = "payments") String name,
        @Schema(description = "closed, or half_open for the one trial call", example = "closed",
                allowableValues = {"closed", "half_open"}) String state) {
}
