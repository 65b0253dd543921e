package dev.genserver.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code {"userId": "u1"}}: a non-blank string of at most 256 characters. */
record CreateSessionRequest(@NotBlank @Size(max = 256) @JsonDeserialize(using = StrictStrings.class) String userId) {

    @Override
    public String toString() {
        return "CreateSessionRequest[userId=<redacted>]";
    }
}
