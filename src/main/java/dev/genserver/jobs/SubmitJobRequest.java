package dev.genserver.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/jobs}: {@code {"durationMs": 200, "fail": false}}. A class rather than a record
 * because {@code fail} is optional, and the strict JSON configuration makes every constructor parameter required:
 * {@code durationMs} is one, {@code fail} is set through its setter only when present.
 */
final class SubmitJobRequest {

    private final Long durationMs;
    private Boolean fail = Boolean.FALSE;

    @JsonCreator
    SubmitJobRequest(@Schema(description = "How long the simulated work takes: 0 to genserver.jobs.max-duration "
            + "(10 s by default)", minimum = "0", example = "200", requiredMode = Schema.RequiredMode.REQUIRED)
                     @JsonProperty("durationMs") Long durationMs) {
        this.durationMs = durationMs;
    }

    @JsonProperty("fail")
    @Schema(description = "Whether the worker crashes at the end", defaultValue = "false")
    void setFail(Boolean fail) {
        this.fail = fail;
    }

    /** The simulated work's duration in milliseconds; null if the client sent {@code null}. */
    Long durationMs() {
        return durationMs;
    }

    /** Whether the worker should crash at the end; null if the client sent {@code null}. */
    Boolean fail() {
        return fail;
    }
}
