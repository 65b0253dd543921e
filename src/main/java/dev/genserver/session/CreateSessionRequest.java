package dev.genserver.session;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.CodePointLength;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code {"userId": "u1"}}: a non-blank string of at most 256 characters, counted as JSON Schema's
 * {@code maxLength} and the path keys count them: code points, so an emoji is one, not two UTF-16 units.
 */
record CreateSessionRequest(
        @Schema(description = "The user the session belongs to: not blank, at most 256 characters", example = "u1",
                requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 256)
        @NotBlank @CodePointLength(max = 256) @JsonDeserialize(using = StrictStrings.class) String userId) {

    @Override
    public String toString() {
        return "CreateSessionRequest[userId=<redacted>]";
    }
}
