package dev.genserver.session;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code {"userId": "u1"}}: a non-blank string of at most 256 characters. */
record CreateSessionRequest(
        @Schema(description = "The user the session belongs to: not blank, at most 256 characters", example = "u1",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank @Size(max = 256) @JsonDeserialize(using = StrictStrings.class) String userId) {

    @Override
    public String toString() {
        return "CreateSessionRequest[userId=<redacted>]";
    }
}
