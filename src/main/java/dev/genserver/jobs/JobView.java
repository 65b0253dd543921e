package dev.genserver.jobs;

import java.io.Serializable;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code {"id", "status", "error"?}}.
 *
 * @param id     128 random bits, URL-safe Base64 without padding
 * @param status {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param error  why a failed job failed; absent otherwise
 */
public record JobView(
        @Schema(example = "hT3nJ0pVq1xg2a9mQ4c7Ww") String id,
        @Schema(example = "queued", allowableValues = {"queued", "running", "succeeded", "failed"}) String status,
        @Schema(description = "Why a failed job failed; absent otherwise", example = "the job failed as requested")
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) implements Serializable {
}
