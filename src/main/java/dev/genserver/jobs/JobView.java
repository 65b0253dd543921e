package dev.genserver.jobs;

import java.io.Serializable;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"id", "status", "error"?}}. */
public record JobView(
        @Schema(description = "128 random bits, URL-safe Base64 without padding", example = "hT3nJ0pVq1xg2a9mQ4c7Ww")
        String id,
        @Schema(description = "Where the job is: waiting for a worker, with one, or done either way",
                example = "queued", allowableValues = {"queued", "running", "succeeded", "failed"}) String status,
        @Schema(description = "Why a failed job failed; absent otherwise", example = "the job failed as requested")
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) implements Serializable {
}
