package dev.genserver.breaker;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"name", "state": "closed"|"open"|"half_open", "failures"}}. */
record BreakerView(
        @Schema(description = "The breaker's name", example = "payments") String name,
        @Schema(description = "closed lets calls through, open refuses them until its timeout, half_open lets one "
                + "trial call through", example = "open", allowableValues = {"closed", "open", "half_open"})
        String state,
        @Schema(description = "Failures in a row since the breaker last closed (a success while closed resets them), "
                + "failed trials while half-open included", example = "5") int failures) {
}
