package dev.genserver.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;

/**
 * The wire format of every error answer, for the OpenAPI document only: springdoc's own schema for
 * {@link org.springframework.http.ProblemDetail} nests the extra properties under {@code properties}, which is
 * not what the service writes (Jackson flattens them).
 */
@Schema(name = "Problem", description = "RFC 9457 problem details, sent as application/problem+json. Clients "
        + "switch on `error`, which is stable; `title` and `detail` are for people.")
record ProblemBody(
        @Schema(description = "A URI naming the problem type; absent means about:blank (the status says it all)",
                format = "uri", defaultValue = "about:blank")
        URI type,
        @Schema(description = "The status's reason phrase", example = "Conflict",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String title,
        @Schema(description = "The HTTP status code", example = "409", requiredMode = Schema.RequiredMode.REQUIRED)
        int status,
        @Schema(description = "What went wrong, for people; never echoes keys, ids or bodies",
                example = "the stack is empty")
        String detail,
        @Schema(description = "The request path", format = "uri-reference", example = "/api/stacks/example/pop")
        URI instance,
        @Schema(description = "The machine-readable reason: the seed's atoms (`not_found`, `empty`, `expired`, …), "
                + "the runtime's (`noproc`, `timeout`, `exit`, `overloaded`, `max_children`, `unavailable`) or the "
                + "framework's (`invalid_json`, `invalid_request`, `invalid_key`, `unsupported_media_type`, …)",
                example = "empty", requiredMode = Schema.RequiredMode.REQUIRED)
        String error) {
}
