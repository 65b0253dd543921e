package dev.genserver.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/jobs}: {@code {"durationMs": 200, "fail": false}}. A class rather than a record
 * because {@code fail} is optional, and the strict JSON configuration makes every constructor parameter required:
 * {@code durationMs} is one, {@code fail} is set through its setter only when present.
 */
final class SubmitJobRequest {

    private final Integer durationMs;
    private Boolean fail = Boolean.FALSE;

    @JsonCreator
    SubmitJobRequest(@JsonProperty("durationMs") Integer durationMs) {
        this.durationMs = durationMs;
    }

    @JsonProperty("fail")
    void setFail(Boolean fail) {
        this.fail = fail;
    }

    /** The simulated work's duration in milliseconds; null if the client sent {@code null}. */
    Integer durationMs() {
        return durationMs;
    }

    /** Whether the worker should crash at the end; null if the client sent {@code null}. */
    Boolean fail() {
        return fail;
    }
}
