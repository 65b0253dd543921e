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
                requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 256,
                pattern = NOT_BLANK)
        @NotBlank @CodePointLength(max = 256) @JsonDeserialize(using = StrictStrings.class) String userId) {

    /**
     * Not blank as {@code @NotBlank} means it, for a client to check: a character that is not
     * {@link Character#isWhitespace} (the non-breaking spaces U+00A0, U+2007 and U+202F are not).
     */
    static final String NOT_BLANK = "[^\\t-\\r\\u001c-\\u0020\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f"
            + "\\u3000]";

    @Override
    public String toString() {
        return "CreateSessionRequest[userId=<redacted>]";
    }
}
